"""An answer already written as JSON, so no model is built to write it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class Rendered:
    """An answer's JSON with the model it is an instance of: for /docs, and for whoever needs the
    model (it parses back as one). The positions pages are written this way, from items' JSON
    (:func:`api.rest.topics.stance_table_json`, :func:`api.rest.actors.actor_positions_json`)."""

    model: type[BaseModel]
    json: bytes

    def parse(self) -> Any:
        return self.model.model_validate_json(self.json)


def as_json(answer: BaseModel | Rendered) -> tuple[type[BaseModel], bytes]:
    """An answer's model class and JSON, whichever way it came."""
    if isinstance(answer, Rendered):
        return answer.model, answer.json
    return type(answer), answer.model_dump_json().encode()


def dumps(value: Any) -> str:
    """JSON as pydantic writes it: compact, UTF-8 unescaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
