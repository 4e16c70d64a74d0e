from typing import Literal

TransportModeType3Type1 = Literal["car", "public_transport"]

TRANSPORT_MODE_TYPE_3_TYPE_1_VALUES: set[TransportModeType3Type1] = {
    "car",
    "public_transport",
}


def check_transport_mode_type_3_type_1(value: str) -> TransportModeType3Type1:
    if value in TRANSPORT_MODE_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRANSPORT_MODE_TYPE_3_TYPE_1_VALUES!r}"
    )
