# Generated from asyncapi.yaml (via contract.schema.json) by scripts/generate-python-client.sh; do not edit.

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel
from datetime import date


class CloudEventAttributes(BaseModel):
    specversion: Literal["1.0"]
    id: Annotated[
        UUID,
        Field(
            description="Unique per event; a redelivered event keeps it, so consumers deduplicate by it."
        ),
    ]
    source: Annotated[
        str,
        Field(
            description="The producing service (`EVENT_SOURCE`, default `/patient-service`)."
        ),
    ]
    subject: Annotated[UUID, Field(description="The patient id.")]
    time: Annotated[
        AwareDatetime,
        Field(
            description="When the service made the change, by its clock, stamped just before the write (for created and updated events the patient's updatedAt). Not the commit time: concurrent writes can commit in another order than their times."
        ),
    ]
    datacontenttype: Literal["application/json"]


class LocationAvailability(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    max_distance_km: Annotated[
        float | None,
        Field(
            alias="maxDistanceKm",
            description="Maximum distance in kilometres.",
            ge=0.0,
            le=1000.0,
        ),
    ] = None
    max_travel_minutes: Annotated[
        int | None,
        Field(
            alias="maxTravelMinutes",
            description="Maximum travel time in minutes.",
            ge=0,
            le=600,
        ),
    ] = None


class PatientDeletedData(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    id: UUID


class PatientDeletedEvent(CloudEventAttributes):
    model_config = ConfigDict(
        extra="forbid",
    )
    type: Literal["patient.deleted"]
    data: PatientDeletedData


class PatientMeta(BaseModel):
    id: Annotated[UUID | None, Field(description="Server-generated id.")] = None
    version: Annotated[
        int | None,
        Field(
            description="Version of the patient: 1 on create, +1 on every change; the `ETag`.",
            ge=1,
        ),
    ] = None
    created_at: Annotated[
        AwareDatetime | None,
        Field(alias="createdAt", description="When the patient was registered."),
    ] = None
    updated_at: Annotated[
        AwareDatetime | None,
        Field(alias="updatedAt", description="When the patient was last changed."),
    ] = None


class ExcludedTherapistId(RootModel[str]):
    root: Annotated[str, Field(max_length=100, min_length=1)]


class TimeSlot(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    from_: Annotated[
        str,
        Field(
            alias="from",
            description="Time of day, `HH:MM` (24 h).",
            examples=["08:30"],
            pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$",
        ),
    ]
    to: Annotated[
        str,
        Field(
            description="Time of day, `HH:MM` (24 h).",
            examples=["08:30"],
            pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$",
        ),
    ]


class PatientProfile(BaseModel):
    salutation: Annotated[
        str | None, Field(description="Salutation [Anrede].", max_length=50)
    ] = None
    first_name: Annotated[
        str | None,
        Field(
            alias="firstName",
            description="First name [Vorname].",
            max_length=100,
            min_length=1,
        ),
    ] = None
    last_name: Annotated[
        str | None,
        Field(
            alias="lastName",
            description="Last name [Nachname].",
            max_length=100,
            min_length=1,
        ),
    ] = None
    date_of_birth: Annotated[
        date | None,
        Field(
            alias="dateOfBirth",
            description="Date of birth [Geburtsdatum]; from 1900-01-01, not in the future.",
        ),
    ] = None
    street: Annotated[
        str | None,
        Field(description="Street and house number [Straße].", max_length=200),
    ] = None
    postal_code: Annotated[
        str | None,
        Field(
            alias="postalCode",
            description="German postal code, 5 digits [Postleitzahl, PLZ].",
            examples=["10115"],
            pattern="^[0-9]{5}$",
        ),
    ] = None
    city: Annotated[str | None, Field(description="City [Ort].", max_length=100)] = None
    email: Annotated[
        str | None, Field(description="Email address [E-Mail].", max_length=254)
    ] = None
    phone: Annotated[
        str | None,
        Field(
            description="Phone number [Telefon].",
            max_length=30,
            pattern="^\\+?[0-9][0-9 ()/-]{2,29}$",
        ),
    ] = None
    primary_care_physician: Annotated[
        str | None,
        Field(
            alias="primaryCarePhysician",
            description="Primary care physician [Hausarzt].",
            max_length=200,
        ),
    ] = None
    health_insurer: Annotated[
        str | None,
        Field(
            alias="healthInsurer",
            description="Health insurer [Krankenkasse].",
            max_length=100,
        ),
    ] = None
    insurance_number: Annotated[
        str | None,
        Field(
            alias="insuranceNumber",
            description="Health insurance number (KVNR): one capital letter and 9 digits [Krankenversicherungsnummer].",
            examples=["A123456789"],
            pattern="^[A-Z][0-9]{9}$",
        ),
    ] = None
    status: Annotated[
        Literal[
            "open",
            "searching",
            "in_therapy",
            "therapy_completed",
            "search_aborted",
            "therapy_aborted",
        ]
        | None,
        Field(
            description="Status of the search [Status]. Changes follow this graph (keeping the status is not\na change; a patient may be created in any status):\n\n| from | allowed next statuses |\n| --- | --- |\n| open | searching, search_aborted |\n| searching | in_therapy, search_aborted |\n| in_therapy | therapy_completed, therapy_aborted |\n| search_aborted | searching |\n| therapy_aborted | searching |\n| therapy_completed | searching |\n\nEntering searching sets searchStartedOn to today when it is empty, entering\nin_therapy sets firstTherapyPlaceOn; a create enters its status the same way. Any\nother change is a 409 naming the allowed next statuses.\n"
        ),
    ] = None
    contracts_signed: Annotated[
        bool | None,
        Field(
            alias="contractsSigned",
            description="Contracts signed [Verträge unterschrieben].",
        ),
    ] = None
    consultation_attended: Annotated[
        bool | None,
        Field(
            alias="consultationAttended",
            description="Attended the psychotherapeutic consultation hour [psychotherapeutische Sprechstunde].",
        ),
    ] = None
    search_started_on: Annotated[
        date | None,
        Field(
            alias="searchStartedOn",
            description="Search for a therapy place started on [Beginn der Platzsuche]; 1900-01-01 to 2199-12-31.",
        ),
    ] = None
    first_therapy_place_on: Annotated[
        date | None,
        Field(
            alias="firstTherapyPlaceOn",
            description="First therapy place offered on [erster Therapieplatz am]; 1900-01-01 to 2199-12-31.",
        ),
    ] = None
    working_therapy_place_on: Annotated[
        date | None,
        Field(
            alias="workingTherapyPlaceOn",
            description="Working therapy place found on [funktionierender Therapieplatz am]; 1900-01-01 to 2199-12-31.",
        ),
    ] = None
    referred_by: Annotated[
        str | None,
        Field(
            alias="referredBy",
            description="Who referred the patient [Empfehler].",
            max_length=200,
        ),
    ] = None
    last_contact_on: Annotated[
        date | None,
        Field(
            alias="lastContactOn",
            description="Last contact with the patient on [letzter Kontakt am]; 1900-01-01 to 2199-12-31.",
        ),
    ] = None
    transport_mode: Annotated[
        Literal["car", "public_transport"] | None,
        Field(
            alias="transportMode", description="Means of transport [Verkehrsmittel]."
        ),
    ] = None
    open_to_group_therapy: Annotated[
        bool | None,
        Field(
            alias="openToGroupTherapy",
            description="Open to group therapy [offen für Gruppentherapie].",
        ),
    ] = None
    open_to_digital_health_apps: Annotated[
        bool | None,
        Field(
            alias="openToDigitalHealthApps",
            description="Open to digital health applications [DiGA].",
        ),
    ] = None
    preferred_therapist_gender: Annotated[
        Literal["male", "female", "any"] | None,
        Field(
            alias="preferredTherapistGender",
            description="Preferred therapist gender [bevorzugtes Geschlecht des Therapeuten].",
        ),
    ] = None
    excluded_therapist_ids: Annotated[
        list[ExcludedTherapistId] | None,
        Field(
            alias="excludedTherapistIds",
            description="Therapists the patient must not be matched with [ausgeschlossene Therapeuten].",
            max_length=500,
        ),
    ] = None


class TimeAvailability(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    monday: Annotated[list[TimeSlot] | None, Field(max_length=12)] = None
    tuesday: Annotated[list[TimeSlot] | None, Field(max_length=12)] = None
    wednesday: Annotated[list[TimeSlot] | None, Field(max_length=12)] = None
    thursday: Annotated[list[TimeSlot] | None, Field(max_length=12)] = None
    friday: Annotated[list[TimeSlot] | None, Field(max_length=12)] = None
    saturday: Annotated[list[TimeSlot] | None, Field(max_length=12)] = None
    sunday: Annotated[list[TimeSlot] | None, Field(max_length=12)] = None


class PatientAvailability(BaseModel):
    time_availability: Annotated[
        TimeAvailability | None,
        Field(
            alias="timeAvailability",
            description="Time availability per weekday [zeitliche Verfügbarkeit].",
        ),
    ] = None
    location_availability: Annotated[
        LocationAvailability | None,
        Field(
            alias="locationAvailability",
            description="Location availability [räumliche Verfügbarkeit].",
        ),
    ] = None


class PatientEventData(PatientMeta, PatientProfile, PatientAvailability):
    model_config = ConfigDict(
        extra="forbid",
    )
    id: Annotated[UUID, Field(description="Server-generated id.")]
    version: Annotated[
        int,
        Field(
            description="Version of the patient: 1 on create, +1 on every change; the `ETag`.",
            ge=1,
        ),
    ]
    created_at: Annotated[
        AwareDatetime,
        Field(alias="createdAt", description="When the patient was registered."),
    ]
    updated_at: Annotated[
        AwareDatetime,
        Field(alias="updatedAt", description="When the patient was last changed."),
    ]
    salutation: Annotated[
        str | None, Field(description="Salutation [Anrede].", max_length=50)
    ]
    first_name: Annotated[
        str,
        Field(
            alias="firstName",
            description="First name [Vorname].",
            max_length=100,
            min_length=1,
        ),
    ]
    last_name: Annotated[
        str,
        Field(
            alias="lastName",
            description="Last name [Nachname].",
            max_length=100,
            min_length=1,
        ),
    ]
    date_of_birth: Annotated[
        date | None,
        Field(
            alias="dateOfBirth",
            description="Date of birth [Geburtsdatum]; from 1900-01-01, not in the future.",
        ),
    ]
    street: Annotated[
        str | None,
        Field(description="Street and house number [Straße].", max_length=200),
    ]
    postal_code: Annotated[
        str | None,
        Field(
            alias="postalCode",
            description="German postal code, 5 digits [Postleitzahl, PLZ].",
            examples=["10115"],
            pattern="^[0-9]{5}$",
        ),
    ]
    city: Annotated[str | None, Field(description="City [Ort].", max_length=100)]
    email: Annotated[
        str | None, Field(description="Email address [E-Mail].", max_length=254)
    ]
    phone: Annotated[
        str | None,
        Field(
            description="Phone number [Telefon].",
            max_length=30,
            pattern="^\\+?[0-9][0-9 ()/-]{2,29}$",
        ),
    ]
    primary_care_physician: Annotated[
        str | None,
        Field(
            alias="primaryCarePhysician",
            description="Primary care physician [Hausarzt].",
            max_length=200,
        ),
    ]
    health_insurer: Annotated[
        str | None,
        Field(
            alias="healthInsurer",
            description="Health insurer [Krankenkasse].",
            max_length=100,
        ),
    ]
    insurance_number: Annotated[
        str | None,
        Field(
            alias="insuranceNumber",
            description="Health insurance number (KVNR): one capital letter and 9 digits [Krankenversicherungsnummer].",
            examples=["A123456789"],
            pattern="^[A-Z][0-9]{9}$",
        ),
    ]
    status: Annotated[
        Literal[
            "open",
            "searching",
            "in_therapy",
            "therapy_completed",
            "search_aborted",
            "therapy_aborted",
        ],
        Field(
            description="Status of the search [Status]. Changes follow this graph (keeping the status is not\na change; a patient may be created in any status):\n\n| from | allowed next statuses |\n| --- | --- |\n| open | searching, search_aborted |\n| searching | in_therapy, search_aborted |\n| in_therapy | therapy_completed, therapy_aborted |\n| search_aborted | searching |\n| therapy_aborted | searching |\n| therapy_completed | searching |\n\nEntering searching sets searchStartedOn to today when it is empty, entering\nin_therapy sets firstTherapyPlaceOn; a create enters its status the same way. Any\nother change is a 409 naming the allowed next statuses.\n"
        ),
    ]
    contracts_signed: Annotated[
        bool,
        Field(
            alias="contractsSigned",
            description="Contracts signed [Verträge unterschrieben].",
        ),
    ]
    consultation_attended: Annotated[
        bool,
        Field(
            alias="consultationAttended",
            description="Attended the psychotherapeutic consultation hour [psychotherapeutische Sprechstunde].",
        ),
    ]
    search_started_on: Annotated[
        date | None,
        Field(
            alias="searchStartedOn",
            description="Search for a therapy place started on [Beginn der Platzsuche]; 1900-01-01 to 2199-12-31.",
        ),
    ]
    first_therapy_place_on: Annotated[
        date | None,
        Field(
            alias="firstTherapyPlaceOn",
            description="First therapy place offered on [erster Therapieplatz am]; 1900-01-01 to 2199-12-31.",
        ),
    ]
    working_therapy_place_on: Annotated[
        date | None,
        Field(
            alias="workingTherapyPlaceOn",
            description="Working therapy place found on [funktionierender Therapieplatz am]; 1900-01-01 to 2199-12-31.",
        ),
    ]
    referred_by: Annotated[
        str | None,
        Field(
            alias="referredBy",
            description="Who referred the patient [Empfehler].",
            max_length=200,
        ),
    ]
    last_contact_on: Annotated[
        date | None,
        Field(
            alias="lastContactOn",
            description="Last contact with the patient on [letzter Kontakt am]; 1900-01-01 to 2199-12-31.",
        ),
    ]
    time_availability: Annotated[
        TimeAvailability | None,
        Field(
            alias="timeAvailability",
            description="Time availability per weekday [zeitliche Verfügbarkeit].",
        ),
    ]
    location_availability: Annotated[
        LocationAvailability | None,
        Field(
            alias="locationAvailability",
            description="Location availability [räumliche Verfügbarkeit].",
        ),
    ]
    transport_mode: Annotated[
        Literal["car", "public_transport"] | None,
        Field(
            alias="transportMode", description="Means of transport [Verkehrsmittel]."
        ),
    ]
    open_to_group_therapy: Annotated[
        bool,
        Field(
            alias="openToGroupTherapy",
            description="Open to group therapy [offen für Gruppentherapie].",
        ),
    ]
    open_to_digital_health_apps: Annotated[
        bool,
        Field(
            alias="openToDigitalHealthApps",
            description="Open to digital health applications [DiGA].",
        ),
    ]
    preferred_therapist_gender: Annotated[
        Literal["male", "female", "any"],
        Field(
            alias="preferredTherapistGender",
            description="Preferred therapist gender [bevorzugtes Geschlecht des Therapeuten].",
        ),
    ]
    excluded_therapist_ids: Annotated[
        list[ExcludedTherapistId],
        Field(
            alias="excludedTherapistIds",
            description="Therapists the patient must not be matched with [ausgeschlossene Therapeuten].",
            max_length=500,
        ),
    ]


class PatientUpdatedEvent(CloudEventAttributes):
    model_config = ConfigDict(
        extra="forbid",
    )
    type: Literal["patient.updated"]
    data: PatientEventData


class PatientCreatedEvent(CloudEventAttributes):
    model_config = ConfigDict(
        extra="forbid",
    )
    type: Literal["patient.created"]
    data: PatientEventData


class PatientEvent(
    RootModel[PatientCreatedEvent | PatientUpdatedEvent | PatientDeletedEvent]
):
    root: Annotated[
        PatientCreatedEvent | PatientUpdatedEvent | PatientDeletedEvent,
        Field(
            description="Generated from asyncapi.yaml (Patient Service Events 1.0.0) by scripts/generate-event-schemas.ts: one of the message payloads (CloudEvents). Do not edit.",
            title="PatientEvent",
        ),
    ]
