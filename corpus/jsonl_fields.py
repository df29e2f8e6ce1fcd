"""Which fields of a JSONL record hold its id, text, title and date (no heavy imports:
a search that only names them does not load the decoders)."""

from __future__ import annotations

import dataclasses

__all__ = ["DEFAULT_FIELDS", "JsonlFields"]


@dataclasses.dataclass(frozen=True, slots=True)
class JsonlFields:
    """Which field of a record holds its id, text, title and date (None: the usual names).

    >>> JsonlFields.parse("id=docno,text=body")
    JsonlFields(id='docno', text='body', title=None, date=None)
    >>> JsonlFields.parse(str(JsonlFields(id="docno"))) == JsonlFields(id="docno")
    True
    >>> JsonlFields(text="body").names("text"), JsonlFields().names("id")
    (('body',), ('id', '_id', 'docid'))
    """

    id: str | None = None
    text: str | None = None
    title: str | None = None
    date: str | None = None

    def names(self, role: str) -> tuple[str, ...]:
        """The field names looked up, in order, for ``role`` (``id``, ``text``, ``title``, ``date``)."""
        chosen = getattr(self, role)
        return (chosen,) if chosen else DEFAULT_FIELDS[role]

    def __str__(self) -> str:
        return ",".join(f"{f.name}={getattr(self, f.name)}" for f in dataclasses.fields(self) if getattr(self, f.name))

    @classmethod
    def parse(cls, text: str) -> JsonlFields:
        """The fields written as ``str(fields)`` (``id=docno,text=body``)."""
        pairs = (item.split("=", 1) for item in text.split(",") if "=" in item)
        return cls(**{role: name for role, name in pairs if role in DEFAULT_FIELDS and name})


#: The field names tried for each role when :class:`JsonlFields` does not name one.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "docid"),
    "text": ("text", "contents"),
    "title": ("title",),
    "date": ("date",),
}
