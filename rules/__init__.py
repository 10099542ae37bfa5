"""Built-in rule files. This file only makes the folder the package data `cleanup.builtin_rules`."""
