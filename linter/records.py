"""Value and Ordered: what a frozen dataclass generates (equality, hash, repr, order, pickling), written once.

A dataclass compiles its class's methods from source at import, one by one: 0.2-1 ms a class, about 25 ms
of a one-page run's start-up for the 60 classes it loads. A class deriving from these names its fields in
`__slots__` and writes its own `__init__`; the methods below read the fields in that order (a base class's
first), so they behave as the dataclass's did.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, ClassVar


class Value:
    """Equal, hashed, shown and pickled by its fields, as a frozen dataclass is."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _values: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields = tuple(name for klass in reversed(cls.__mro__) for name in klass.__dict__.get("__slots__", ()))
        if len(cls._fields) > 1:
            cls._values = operator.attrgetter(*cls._fields)  # type: ignore[assignment]
        elif cls._fields:  # attrgetter of one name gives the value, not a tuple
            one = operator.attrgetter(cls._fields[0])
            cls._values = staticmethod(lambda self: (one(self),))
        else:  # Ordered itself
            cls._values = staticmethod(lambda self: ())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self._values(self), strict=True))
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        # A call of the class with its fields: `__init__` takes them in order (pickling slots one by one is
        # slower, and a big page parsed on a fork comes back with 100,000s of positions).
        return type(self), self._values(self)


class Ordered(Value):
    """A Value also ordered by its fields, as `@dataclass(order=True)`."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) < self._values(other)
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) <= self._values(other)
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) > self._values(other)
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) >= self._values(other)
        return NotImplemented
