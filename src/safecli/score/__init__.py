"""The pure core: scoring, the 评估意见, gaps, record diffs, standard lint and trace."""
