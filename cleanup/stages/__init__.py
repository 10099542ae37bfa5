"""One module per stage; each exposes ``run(doc, rules) -> (doc, Changes)``.

A stage takes ownership of the document it is given (the pipeline never reuses it), changes it
and returns it with a record of every edit and flag, named by rule id.
"""
