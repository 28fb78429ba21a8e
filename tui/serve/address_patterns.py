"""The `from="..."` option of an authorized key: which client addresses may use the key.

OpenSSH's pattern-list: comma-separated patterns, each an address, a CIDR network or a
wildcard (`*`, `?`), `!` in front to forbid. A client must match at least one positive pattern
and no negated one. This server does no DNS lookups, so patterns name addresses only; a host
name pattern is refused when the file is read, rather than never matching in silence.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from typing import NamedTuple

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# What an address wildcard may hold: hex digits, the separators and the wildcards.
_ADDRESS_WILDCARD = re.compile(r"[0-9a-f.:*?]+")


class AddressPattern(NamedTuple):
    negated: bool
    network: IPNetwork | None  # an address or a CIDR network
    wildcard: str | None  # otherwise a wildcard over the address as text

    def matches(self, address: IPAddress) -> bool:
        if self.network is not None:
            return address.version == self.network.version and address in self.network
        assert self.wildcard is not None
        return fnmatch.fnmatchcase(address.compressed, self.wildcard)


def parse_address_patterns(text: str) -> tuple[AddressPattern, ...]:
    """The patterns of a `from=` value; ValueError with a reason if one is not an address."""
    patterns = []
    for raw in text.split(","):
        item = raw.strip()
        negated = item.startswith("!")
        body = item[1:] if negated else item
        if not body:
            raise ValueError(f"empty pattern in {text!r}")
        try:
            network = ipaddress.ip_network(body, strict=False)
        except ValueError:
            lowered = body.lower()
            if "/" in body or not _ADDRESS_WILDCARD.fullmatch(lowered):
                raise ValueError(
                    f"{body!r} is not an address, a network or an address wildcard (this "
                    "server matches client addresses only: it does no DNS lookups)"
                ) from None
            patterns.append(AddressPattern(negated, None, lowered))
        else:
            patterns.append(AddressPattern(negated, network, None))
    return tuple(patterns)


def client_address(text: str) -> IPAddress | None:
    """The peer's address, an IPv4 client of a dual-stack socket as plain IPv4."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def address_allowed(patterns: tuple[AddressPattern, ...], address: str) -> bool:
    """OpenSSH's rule: a positive pattern matches and no negated one does."""
    parsed = client_address(address)
    if parsed is None:
        return False
    allowed = False
    for pattern in patterns:
        if pattern.matches(parsed):
            if pattern.negated:
                return False
            allowed = True
    return allowed
