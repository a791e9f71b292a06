"""The rules shipped with whitepaper, as data: installed as the package `pipeline.patterns`."""
