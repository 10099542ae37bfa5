"""Page structure decided from evidence, before the stages that depend on it."""
