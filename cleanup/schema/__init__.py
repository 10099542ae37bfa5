"""Package data: the JSON Schema of rule files (rules.schema.json), built by cleanup.ruleschema."""
