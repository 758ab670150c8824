"""scrutiny-miner: fetch, parse, store and publish councils' children's safeguarding papers."""
