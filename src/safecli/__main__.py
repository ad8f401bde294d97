from safecli.cli.app import main

main()
