"""User patterns under a time limit, so that one bad pattern cannot hang a batch.

Patterns from user rule files run on the ``regex`` module, whose matching functions take a
``timeout``; built-in patterns stay on ``re`` and pay nothing. A :class:`TimedPattern` answers
the calls the stages make on a compiled ``re`` pattern (search, fullmatch, finditer, sub, ...),
and all the user patterns that work on one document draw on one :class:`Budget`: when their
time on that document runs out, :class:`PatternTimeout` names the rule, and the batch reports
the file as failed and goes on with the next one.

``regex`` is imported only when a user pattern is compiled, so runs without user rules and
``cleanup --version`` never load it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

# Seconds of CPU time that a document's user patterns may take together (per megabyte of text,
# for longer documents). Sane patterns take milliseconds on a long report; catastrophic
# backtracking takes minutes or forever. regex counts its timeout in CPU time, and so does the
# budget, so a busy machine does not make good patterns fail; a bad one is stopped after about
# 0.5 s of CPU (about 1 s of wall time on an idle machine, benchmarks/user_rules.py).
DEFAULT_TIME_LIMIT = 0.5

_DERIVED: dict[tuple[str, int], Any] = {}


class PatternTimeout(Exception):
    """A user pattern used up the time a document allows its user patterns."""

    def __init__(self, owner: str, limit: float) -> None:
        self.owner = owner
        self.limit = limit
        super().__init__(f"{owner}: pattern ran longer than the {limit:g} s limit for user "
                         "patterns on one document (catastrophic backtracking?); document not "
                         "cleaned")


class Budget:
    """The time that user patterns may still spend on one document."""

    __slots__ = ("limit", "spent")

    def __init__(self, limit: float = DEFAULT_TIME_LIMIT) -> None:
        self.limit = limit
        self.spent = 0.0


def _regex() -> Any:
    import regex  # only user patterns need it

    return regex


def _compile(pattern: str, flags: int) -> Any:
    regex = _regex()
    key = (pattern, flags)
    found = _DERIVED.get(key)
    if found is None:
        # VERSION0: re's semantics, so a pattern means what the rule author tested with re.
        found = regex.compile(pattern, flags | regex.VERSION0)
        _DERIVED[key] = found
    return found


class TimedPattern:
    """A compiled user pattern whose every match is bounded in time.

    It offers the ``re.Pattern`` calls the stages use. Unbound (``budget`` None) each call may
    take :data:`DEFAULT_TIME_LIMIT`; bound to a document's budget, all calls share it.
    """

    __slots__ = ("_rx", "budget", "flags", "owner", "pattern")

    def __init__(self, pattern: str, flags: int, owner: str,
                 budget: Budget | None = None) -> None:
        self._rx = _compile(pattern, flags)
        self.pattern = pattern
        self.flags = flags
        self.owner = owner
        self.budget = budget

    @classmethod
    def from_re(cls, compiled: re.Pattern[str], owner: str) -> TimedPattern:
        """The ``re`` pattern ``compiled`` (already validated by ``re``) on the timed engine."""
        return cls(compiled.pattern, compiled.flags, owner)

    def bind(self, budget: Budget) -> TimedPattern:
        """The same pattern drawing on ``budget`` (one document's)."""
        return TimedPattern(self.pattern, self.flags, self.owner, budget)

    def derive(self, prefix: str, suffix: str, flags: int = 0) -> TimedPattern:
        """``prefix + pattern + suffix`` with extra ``flags``, under the same owner and budget
        (textscan anchors patterns to whole lines this way)."""
        return TimedPattern(prefix + self.pattern + suffix, self.flags | flags, self.owner,
                            self.budget)

    @property
    def groups(self) -> int:
        return int(self._rx.groups)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self._rx.groupindex)

    def _run(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        budget = self.budget
        limit = budget.limit if budget is not None else DEFAULT_TIME_LIMIT
        left = limit - budget.spent if budget is not None else limit
        if left <= 0:
            raise PatternTimeout(self.owner, limit)
        started = time.process_time()
        try:
            return call(*args, timeout=left, **kwargs)
        except TimeoutError:
            raise PatternTimeout(self.owner, limit) from None
        finally:
            if budget is not None:
                budget.spent += time.process_time() - started

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._run(self._rx.search, string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._run(self._rx.match, string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._run(self._rx.fullmatch, string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        # Collected at once, so that the time limit covers the whole scan.
        return iter(self._run(lambda *a, **k: list(self._rx.finditer(*a, **k)),
                              string, pos, endpos))

    def findall(self, string: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
        return list(self._run(self._rx.findall, string, pos, endpos))

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return str(self._run(self._rx.sub, repl, string, count))

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return tuple(self._run(self._rx.subn, repl, string, count))  # type: ignore[return-value]

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return list(self._run(self._rx.split, string, maxsplit))

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes get the pattern unbound; each document binds its own budget.
        return (TimedPattern, (self.pattern, self.flags, self.owner))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimedPattern) and (self.pattern, self.flags, self.owner) == (
            other.pattern, other.flags, other.owner)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags, self.owner))

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern!r}, owner={self.owner!r})"
