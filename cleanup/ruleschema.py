"""The JSON Schema of rule files, built from the loader's own tables.

Editors validate rule TOML with it (taplo, Even Better TOML); it ships in the package as
``cleanup/schema/rules.schema.json``, and a test checks that the shipped file is what
:func:`build_schema` makes, so the schema cannot drift from :data:`cleanup.rules.ACTIONS`,
:data:`~cleanup.rules.FIELD_TYPES` and :data:`~cleanup.rules.FIELD_BOUNDS`.

Draft-07, the newest draft that taplo supports.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from cleanup.rules import (
    ACTIONS,
    COMMON_FIELDS,
    FIELD_BOUNDS,
    FIELD_TYPES,
    ID_RE,
    MATCHERS,
    PROFILE_FIELDS,
    STAGES,
    TEMPLATE_FIELDS,
)

SCHEMA_FILE = "rules.schema.json"

_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", list: "array",
               dict: "object"}

# What each field means, for editors' hover text. Every field of FIELD_TYPES has one (a test
# checks it).
DESCRIPTIONS = {
    "id": "Unique rule id: lower-case letters, digits, '.', '-', '_' (e.g. 'acme.footer'). "
          "A user rule with a built-in's id replaces it.",
    "stage": "The pipeline stage the rule belongs to.",
    "action": "What the rule does; each stage offers a few actions.",
    "description": "One sentence saying what the rule removes or changes, for reports and "
                   "`cleanup rules list`.",
    "disabled": "true switches the rule off (it is still checked).",
    "must_change": "Examples the rule must change: input and the output of the whole pipeline.",
    "must_keep": "Inputs the rule must leave alone.",
    "match": "What a line must be, whole: a table with one of regex, literal, template "
             "(a plain string is a regex).",
    "next": "For a stamp or a metadata field split over two lines: what the next non-blank "
            "line must be (a field rule reads its named groups too).",
    "markers": "Regexes, each searched in the first lines of a document; enough of them make a "
               "cover page.",
    "code_lines": "Regexes, each searched in a line: a line one matches is code or an equation, "
                  "and its numbers are no footnote markers (unless the PDF shows them raised).",
    "replace": "Replacement text for what 'match' found (\\1 or \\g<name> insert groups).",
    "flags": "Regex flags: 'i' ignores case, 'x' allows spaces and comments in the regex.",
    "needs_anchor": "Drop the line only next to a line another drop rule removes.",
    "raw": "Match the line as extracted, before normalisation (one-space lines count).",
    "min_markers": "How many different markers make a cover page (default 3).",
    "min_heads": "How many different heads must recur at one page edge before a document's "
                 "heads are taken to change with the section (default 3).",
    "zone_lines": "How many lines at a page's top and bottom are searched for furniture.",
    "min_pages": "On how many pages a line must repeat to be running furniture.",
    "min_share": "On what share of a document's pages (0-1) a line must repeat to be running "
                 "furniture, in long documents (where a line can recur a few times by chance).",
    "repeat": "How many consecutive lines the separator takes.",
    "max_words": "A heading has at most this many words.",
    "min_words": "A contents entry's title has at least this many words to mark its heading "
                 "(a one-word title is also a word of running text).",
    "similarity": "How alike (0-100, rapidfuzz ratio) two lines must be to be the same furniture.",
    "max_share": "A heading is at most this share of the text's line length (0-1).",
    "words": "A list of words: conjunctions after a suspended hyphen ('pre- and post-war'), "
             "hyphenated compounds that keep their hyphen at a line end, or words a sentence "
             "cannot end on (truncation).",
    "infixes": "Infixes that join the parts of a name and keep their hyphens ('e' in "
               "'Tehreek-e-Insaf').",
    "prefixes": "Prefixes that keep their hyphen at a line end unless the joined word is common.",
    "marks": "Characters that make a token a URL, path, address or code name ('/', '@').",
    "suffixes": "Word endings that never stand after a real hyphen ('ing', 'ers').",
    "chapter_words": "Words that open a chapter on a line of their own, with or without its "
                     "number ('chapter', 'appendix', 'Kapitel'): where a document has two or "
                     "more such lines, each starts a page in text without page breaks.",
    "chapter_numbers": "Numbers spelt out after a chapter word, or on the line after it "
                       "('two', as Sphinx sets 'CHAPTER' / 'TWO').",
    "language": "The language of the word-frequency lexicon: an ISO code ('en', 'fr') or 'auto' "
                "to detect it.",
    "join_zipf": "Zipf frequency from which a joined word counts as common (joined).",
    "word_zipf": "Zipf frequency from which a token counts as a word of the language.",
    "continuation_zipf": "Zipf frequency from which a continuation is a word of its own.",
    "fragment_zipf": "Below this Zipf frequency a continuation is a scrap of a word.",
    "known_zipf": "From this Zipf frequency a form is a known word, however rare.",
    "scrap_zipf": "A short continuation this common ('to') is a word, not the scrap of a lost one.",
    "styles": "Kinds of footnote marker the layout uses: glued, year, letter, alone, "
              "line_start, inline.",
    "scores": "How much each kind of marker candidate, or of truncation evidence, is worth (a "
              "table: kind = number).",
    "gap_penalty": "The cost of each footnote number the marker alignment skips.",
    "not_before": "Words after a number that make it no marker ('12 September', '5 km').",
    "not_after": "Words before a number that make it no marker ('Section 3', 'N°169').",
    "letter_words": "The language's words of one letter a marker may be glued to ('a5'); any "
                    "other letter with a number glued is a subscript ('z1', 'E2'), no marker.",
    "short_line": "A line shorter than this share of its zone's measure, inside a paragraph, "
                  "lost its end (0-1).",
    "top": "Geometry: the header band is the page above this share of its height (0-1, from "
           "the top edge).",
    "bottom": "Geometry: the footer band is the page below this share of its height (0-1), "
              "e.g. 0.93.",
    "max_size": "Geometry: notes are set in type at most this share of the body size (0-1).",
    "min_size": "Geometry: headings are set in type at least this many times the body size.",
    "min_confidence": "Truncation flags below this confidence are not reported (0-1).",
    "room": "The share of a zone's lines within the longest line its measure allows (0-1): a "
            "line is short only if the next word would have fitted.",
    "where": "Where a metadata rule reads: 'cover' (the vendor's cover page), 'first_page' "
             "(the first page after it) or 'start' (both, the default).",
    "set": "Metadata fields a match also gives, as constants (a table: field = value), e.g. "
           "the publisher a series line names.",
    "split": "A regex that splits a metadata field into a list (authors).",
    "above": "A masthead: a regex for whole lines over the title that are no part of it (the "
             "first page's running head with its page number).",
    "between": "A masthead: a regex for a whole line between the title and the names ('by'); "
               "it ends the title.",
    "runs_on": "A masthead: a regex searched at a title line's end; where it matches (a colon, "
               "a joining word), the title goes on in the next line.",
    "headings": "A masthead: a regex for whole lines that head a section ('Abstract', "
                "'Contents', a numbered heading), never a document's title.",
    "wraps": "The metadata field's value goes on over the next lines that open no field of "
             "their own.",
    "until": "A title block ends before the line this matches (a table with one of regex, "
             "literal, template, or a regex).",
    "codes": "Font codes and the letters they print (TeX OT1: code 12 prints fi).",
    "max_lines": "A title block has at most this many lines; a field rule reads only this many "
                 "first lines of its scope.",
}
MATCH_DESCRIPTIONS = {
    "regex": "A Python regular expression for the whole line.",
    "literal": "Exact text; any run of spaces matches any run of spaces.",
    "template": "Text with fields: " + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
                + " (e.g. 'Report N°{num}, {date} Page {page}').",
}


def _matcher() -> dict[str, Any]:
    table = {
        "type": "object",
        "properties": {k: {"type": "string", "minLength": 1, "description": MATCH_DESCRIPTIONS[k]}
                       for k in MATCHERS},
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
    }
    return {"oneOf": [{"type": "string", "minLength": 1,
                       "description": "A Python regular expression for the whole line."}, table]}


def _field(name: str) -> dict[str, Any]:
    """The schema of one field's value."""
    if name in ("match", "next", "until"):
        return {**_matcher(), "description": DESCRIPTIONS[name]}
    types = [_JSON_TYPES[t] for t in FIELD_TYPES[name]]
    if types == ["integer", "number"]:
        types = ["number"]
    spec: dict[str, Any] = {"type": types[0] if len(types) == 1 else types,
                            "description": DESCRIPTIONS[name]}
    if name in FIELD_BOUNDS:
        spec["minimum"], spec["maximum"] = FIELD_BOUNDS[name]
    if name == "id":
        spec["pattern"] = ID_RE.pattern
    elif name == "stage":
        spec["enum"] = list(STAGES)
    elif name == "action":
        spec["enum"] = sorted({a for actions in ACTIONS.values() for a in actions})
    elif name == "flags":
        spec["pattern"] = "^[ix]*$"
    elif name == "must_keep":
        spec.update(minItems=1, items={"type": "string"})
    elif name in ("markers", "code_lines"):
        spec.update(minItems=1, items={"type": "string", "minLength": 1})
    elif name == "must_change":
        fields = {"type": "object", "required": ["input", "fields"],
                  "additionalProperties": False,
                  "properties": {"input": {"type": "string", "description": "Text given to the "
                                           "pipeline."},
                                 "fields": {"type": "object", "minProperties": 1,
                                            "description": "A metadata rule's example: the "
                                                           "fields it must read (field = value "
                                                           "or list of values)."}}}
        spec.update(minItems=1, items={"anyOf": [fields, {
            "type": "object", "required": ["input", "output"], "additionalProperties": False,
            "properties": {"input": {"type": "string", "description": "Text given to the "
                                     "pipeline."},
                           "output": {"type": "string", "description": "The cleaned text it "
                                      "must give."},
                           "flagged": {"type": "array", "items": {"type": "integer",
                                                                  "minimum": 1},
                                       "description": "Input lines the rule must flag (for "
                                                      "rules that flag rather than change)."}}}]})
    return spec


def _rule() -> dict[str, Any]:
    every = sorted(set(FIELD_TYPES))
    cases: list[dict[str, Any]] = []
    for stage, actions in ACTIONS.items():
        cases.append({"if": {"properties": {"stage": {"const": stage}}, "required": ["stage"]},
                      "then": {"properties": {"action": {"enum": sorted(actions)}}}})
        for action, (required, optional) in actions.items():
            allowed = sorted(COMMON_FIELDS | required | optional)
            cases.append({
                "if": {"properties": {"stage": {"const": stage}, "action": {"const": action}},
                       "required": ["stage", "action"]},
                "then": {"required": sorted(required),
                         "properties": {f: {} for f in allowed},
                         "additionalProperties": False}})
    return {
        "type": "object",
        "required": ["id", "stage", "action", "description", "must_change", "must_keep"],
        "properties": {f: _field(f) for f in every},
        "additionalProperties": False,
        "allOf": cases,
    }


def _profile() -> dict[str, Any]:
    props = {
        "name": {"type": "string", "pattern": ID_RE.pattern,
                 "description": "The profile's name, for --profile and the report."},
        "description": {"type": "string", "description": "Which documents the profile is for."},
        "applies_when": {"type": "array", "items": {"type": "string", "minLength": 1},
                         "description": "Regexes searched in the document: the profile applies "
                                        "when any is found. Leave out to join a profile "
                                        "another file defines."},
        "flags": _field("flags"),
    }
    assert set(props) == PROFILE_FIELDS
    return {"type": "object", "required": ["name"], "properties": props,
            "additionalProperties": False}


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a rule file."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cleanup rule file",
        "description": "Rules for cleanup: [[rule]] tables, each with a stage, an action, what "
                       "it matches and examples; optionally a [profile] saying when the file's "
                       "rules apply. See docs/rules.md.",
        "type": "object",
        "properties": {
            "profile": _profile(),
            "rule": {"type": "array", "items": {"$ref": "#/definitions/rule"}},
        },
        "additionalProperties": False,
        "definitions": {"rule": _rule()},
    }


def schema_text() -> str:
    """The schema as the JSON text shipped in the package."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema() -> str:
    """The schema file as installed with the package."""
    return resources.files("cleanup.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
