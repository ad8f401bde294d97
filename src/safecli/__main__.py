from safecli.cli.app import run

run()
