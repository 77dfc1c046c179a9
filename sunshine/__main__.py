from sunshine.cli import main

main()
