import TabregCLI

await TabregCommand.main()
