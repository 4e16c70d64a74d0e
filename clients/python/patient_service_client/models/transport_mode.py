from typing import Literal

TransportMode = Literal["car", "public_transport"]

TRANSPORT_MODE_VALUES: set[TransportMode] = {
    "car",
    "public_transport",
}


def check_transport_mode(value: str) -> TransportMode:
    if value in TRANSPORT_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRANSPORT_MODE_VALUES!r}"
    )
