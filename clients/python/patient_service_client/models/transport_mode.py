from enum import StrEnum


class TransportMode(StrEnum):
    CAR = "car"
    PUBLIC_TRANSPORT = "public_transport"

    def __str__(self) -> str:
        return str(self.value)
