"""Page structure decided once, from evidence, before the stages that depend on it."""
