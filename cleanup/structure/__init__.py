"""Page structure decided once, before the stages that depend on it."""
