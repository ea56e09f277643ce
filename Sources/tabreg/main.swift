import TabregCLI

TabregCommand.main()
