from linter.cli.main import run

run()
