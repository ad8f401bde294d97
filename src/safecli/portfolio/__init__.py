"""Many records: config, discovery, the pool, shards, the summary, the gate, the 隐患台账, export."""
