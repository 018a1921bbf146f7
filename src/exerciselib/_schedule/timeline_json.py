"""Reading timelines back from JSON data (``schemas/timeline.json``)."""

from __future__ import annotations

import typing

from exerciselib._schedule.timeline import Step, Timeline
from exerciselib._schema import check, invalid
from exerciselib.exceptions import Problem, ScheduleError

__all__ = ["timeline_from_dict"]


def timeline_from_dict(data: object) -> Timeline:
    """Validate ``data`` against ``timeline.json`` and build the timeline."""
    check(data, "timeline")
    raw = typing.cast("dict[str, typing.Any]", data)
    steps = []
    for index, fields in enumerate(raw["steps"]):
        try:
            steps.append(Step(**fields))
        except ScheduleError as error:
            path = f"$.steps[{index}].{error.field}"
            problem = Problem(json_path=path, message=str(error))
            raise invalid([problem], what="timeline") from error
        except (TypeError, ValueError) as error:
            # attrs' own validators, e.g. 0.0 (a JSON integer) for an int.
            attribute = error.args[1] if len(error.args) > 1 else None
            name = getattr(attribute, "name", None)
            path = f"$.steps[{index}]" + (f".{name}" if name else "")
            message = (
                f"{name} must be a whole number without a decimal point"
                if name
                else str(error.args[0] if error.args else error)
            )
            problem = Problem(json_path=path, message=message)
            raise invalid([problem], what="timeline") from error
    try:
        timeline = Timeline(steps=steps)
    except ScheduleError as error:
        problem = Problem(json_path="$.steps", message=str(error))
        raise invalid([problem], what="timeline") from error
    if timeline.total_ms != raw["total_ms"]:
        message = (
            f"total_ms is {raw['total_ms']} but the steps add up to "
            f"{timeline.total_ms}."
        )
        problem = Problem(json_path="$.total_ms", message=message)
        raise invalid([problem], what="timeline")
    return timeline
