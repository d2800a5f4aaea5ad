"""A small RFC 5545 reader for the tests, used when the `icalendar` library is missing.

It unfolds lines, splits each into name, parameters and value, unescapes TEXT, and reads
DATE-TIME values (UTC `…Z`, or with a TZID) as aware datetimes, which is all the
assertions need. It is strict where calendar apps are: CRLF line ends, lines of at most 75
octets, BEGIN/END that nest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

try:  # pragma: no cover - depends on the environment
    import icalendar
except ImportError:  # pragma: no cover
    icalendar = None


@dataclass
class Component:
    name: str
    props: dict[str, list[tuple[dict[str, str], str]]] = field(default_factory=dict)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.props[name][0][1]

    def params(self, name: str) -> dict[str, str]:
        return self.props[name][0][0]

    def text(self, name: str) -> str:
        value = self.get(name)
        out, i = [], 0
        while i < len(value):
            if value[i] == "\\" and i + 1 < len(value):
                nxt = value[i + 1]
                out.append("\n" if nxt in "nN" else nxt)
                i += 2
            else:
                out.append(value[i])
                i += 1
        return "".join(out)

    def datetime(self, name: str) -> datetime:
        value, params = self.get(name), self.params(name)
        if value.endswith("Z"):
            return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        local = datetime.strptime(value, "%Y%m%dT%H%M%S")  # noqa: DTZ007 - zone from TZID
        return local.replace(tzinfo=ZoneInfo(params["TZID"]))

    def walk(self, name: str) -> list[Component]:
        found = [self] if self.name == name else []
        for child in self.children:
            found += child.walk(name)
        return found


def _split(line: str) -> tuple[str, dict[str, str], str]:
    # The value starts at the first colon outside a quoted parameter value.
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:i], line[i + 1 :]
            break
    else:
        raise ValueError(f"no colon in {line!r}")
    name, *raw = head.split(";")
    params = {}
    for item in raw:
        key, _, val = item.partition("=")
        params[key.upper()] = val.strip('"')
    return name.upper(), params, value


def parse(data: bytes) -> Component:
    """Parse an iCalendar stream into its VCALENDAR component; raise ValueError if invalid."""
    text = data.decode("utf-8")
    if not text.endswith("\r\n") or "\n" in text.replace("\r\n", ""):
        raise ValueError("lines must end in CRLF")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        if len(line.encode("utf-8")) > 75:
            raise ValueError(f"line longer than 75 octets: {line!r}")
    lines: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack: list[Component] = []
    root: Component | None = None
    for line in lines:
        name, params, value = _split(line)
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            stack.append(component)
        elif name == "END":
            if not stack or stack[-1].name != value.upper():
                raise ValueError(f"END:{value} without its BEGIN")
            root = stack.pop()
        else:
            if not stack:
                raise ValueError(f"{name} outside a component")
            stack[-1].props.setdefault(name, []).append((params, value))
    if stack or root is None or root.name != "VCALENDAR":
        raise ValueError("not one whole VCALENDAR")
    return root
