from safecli.cli import main

main()
