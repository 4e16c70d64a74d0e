from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.patient_status import PatientStatus, check_patient_status
from ..models.therapist_gender_preference import (
    TherapistGenderPreference,
    check_therapist_gender_preference,
)
from ..models.transport_mode_type_1 import (
    TransportModeType1,
    check_transport_mode_type_1,
)
from ..models.transport_mode_type_2_type_1 import (
    TransportModeType2Type1,
    check_transport_mode_type_2_type_1,
)
from ..models.transport_mode_type_3_type_1 import (
    TransportModeType3Type1,
    check_transport_mode_type_3_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatientProfile")


@_attrs_define
class PatientProfile:
    """Writable fields of a patient that are not health data: personal and contact data,
    insurance, the search process and preferences; with `PatientAvailability`, these fields
    also travel in the patient events. The availability objects are a group of their own
    because a merge patch writes them member by member (`PatientAvailabilityPatch`).

        Attributes:
            salutation (None | str | Unset): Salutation [Anrede].
            first_name (str | Unset): First name [Vorname].
            last_name (str | Unset): Last name [Nachname].
            date_of_birth (datetime.date | None | Unset): Date of birth [Geburtsdatum]; from 1900-01-01, not in the future.
            street (None | str | Unset): Street and house number [Straße].
            postal_code (None | str | Unset): German postal code, 5 digits [Postleitzahl, PLZ].
            city (None | str | Unset): City [Ort].
            email (None | str | Unset): Email address [E-Mail].
            phone (None | str | Unset): Phone number [Telefon].
            primary_care_physician (None | str | Unset): Primary care physician [Hausarzt].
            health_insurer (None | str | Unset): Health insurer [Krankenkasse].
            insurance_number (None | str | Unset): Health insurance number (KVNR): one capital letter and 9 digits
                [Krankenversicherungsnummer].
            status (PatientStatus | Unset): Where the patient is in the search for a therapy place. Changes follow this
                graph (keeping
                the status is not a change; a patient may be created in any status):

                | from | allowed next statuses |
                | --- | --- |
                | open | searching, search_aborted |
                | searching | in_therapy, search_aborted |
                | in_therapy | therapy_completed, therapy_aborted |
                | search_aborted | searching |
                | therapy_aborted | searching |
                | therapy_completed | searching |

                Entering `searching` sets `searchStartedOn` to today when it is empty; entering
                `in_therapy` sets `firstTherapyPlaceOn` to today when it is empty. A create enters its
                status the same way (a patient created in `searching` without `searchStartedOn` starts
                the search today; an import that knows the dates sends them and keeps them). Any other
                change is a 409 problem naming the allowed next statuses.
            contracts_signed (bool | Unset): Contracts signed [Verträge unterschrieben].
            consultation_attended (bool | Unset): Attended the psychotherapeutic consultation hour [psychotherapeutische
                Sprechstunde].
            search_started_on (datetime.date | None | Unset): Search for a therapy place started on [Beginn der Platzsuche];
                1900-01-01 to 2199-12-31.
            first_therapy_place_on (datetime.date | None | Unset): First therapy place offered on [erster Therapieplatz am];
                1900-01-01 to 2199-12-31.
            working_therapy_place_on (datetime.date | None | Unset): Working therapy place found on [funktionierender
                Therapieplatz am]; 1900-01-01 to 2199-12-31.
            referred_by (None | str | Unset): Who referred the patient [Empfehler].
            last_contact_on (datetime.date | None | Unset): Last contact with the patient on [letzter Kontakt am];
                1900-01-01 to 2199-12-31.
            transport_mode (None | TransportModeType1 | TransportModeType2Type1 | TransportModeType3Type1 | Unset): How the
                patient travels to therapy; `null` when not known.
            open_to_group_therapy (bool | Unset): Open to group therapy [offen für Gruppentherapie].
            open_to_digital_health_apps (bool | Unset): Open to digital health applications [DiGA].
            preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the therapist.
            excluded_therapist_ids (list[str] | Unset): Therapists the patient must not be matched with [ausgeschlossene
                Therapeuten].
    """

    salutation: None | str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    date_of_birth: datetime.date | None | Unset = UNSET
    street: None | str | Unset = UNSET
    postal_code: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    primary_care_physician: None | str | Unset = UNSET
    health_insurer: None | str | Unset = UNSET
    insurance_number: None | str | Unset = UNSET
    status: PatientStatus | Unset = UNSET
    contracts_signed: bool | Unset = UNSET
    consultation_attended: bool | Unset = UNSET
    search_started_on: datetime.date | None | Unset = UNSET
    first_therapy_place_on: datetime.date | None | Unset = UNSET
    working_therapy_place_on: datetime.date | None | Unset = UNSET
    referred_by: None | str | Unset = UNSET
    last_contact_on: datetime.date | None | Unset = UNSET
    transport_mode: (
        None
        | TransportModeType1
        | TransportModeType2Type1
        | TransportModeType3Type1
        | Unset
    ) = UNSET
    open_to_group_therapy: bool | Unset = UNSET
    open_to_digital_health_apps: bool | Unset = UNSET
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET
    excluded_therapist_ids: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        salutation: None | str | Unset
        if isinstance(self.salutation, Unset):
            salutation = UNSET
        else:
            salutation = self.salutation

        first_name = self.first_name

        last_name = self.last_name

        date_of_birth: None | str | Unset
        if isinstance(self.date_of_birth, Unset):
            date_of_birth = UNSET
        elif isinstance(self.date_of_birth, datetime.date):
            date_of_birth = self.date_of_birth.isoformat()
        else:
            date_of_birth = self.date_of_birth

        street: None | str | Unset
        if isinstance(self.street, Unset):
            street = UNSET
        else:
            street = self.street

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        primary_care_physician: None | str | Unset
        if isinstance(self.primary_care_physician, Unset):
            primary_care_physician = UNSET
        else:
            primary_care_physician = self.primary_care_physician

        health_insurer: None | str | Unset
        if isinstance(self.health_insurer, Unset):
            health_insurer = UNSET
        else:
            health_insurer = self.health_insurer

        insurance_number: None | str | Unset
        if isinstance(self.insurance_number, Unset):
            insurance_number = UNSET
        else:
            insurance_number = self.insurance_number

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        contracts_signed = self.contracts_signed

        consultation_attended = self.consultation_attended

        search_started_on: None | str | Unset
        if isinstance(self.search_started_on, Unset):
            search_started_on = UNSET
        elif isinstance(self.search_started_on, datetime.date):
            search_started_on = self.search_started_on.isoformat()
        else:
            search_started_on = self.search_started_on

        first_therapy_place_on: None | str | Unset
        if isinstance(self.first_therapy_place_on, Unset):
            first_therapy_place_on = UNSET
        elif isinstance(self.first_therapy_place_on, datetime.date):
            first_therapy_place_on = self.first_therapy_place_on.isoformat()
        else:
            first_therapy_place_on = self.first_therapy_place_on

        working_therapy_place_on: None | str | Unset
        if isinstance(self.working_therapy_place_on, Unset):
            working_therapy_place_on = UNSET
        elif isinstance(self.working_therapy_place_on, datetime.date):
            working_therapy_place_on = self.working_therapy_place_on.isoformat()
        else:
            working_therapy_place_on = self.working_therapy_place_on

        referred_by: None | str | Unset
        if isinstance(self.referred_by, Unset):
            referred_by = UNSET
        else:
            referred_by = self.referred_by

        last_contact_on: None | str | Unset
        if isinstance(self.last_contact_on, Unset):
            last_contact_on = UNSET
        elif isinstance(self.last_contact_on, datetime.date):
            last_contact_on = self.last_contact_on.isoformat()
        else:
            last_contact_on = self.last_contact_on

        transport_mode: None | str | Unset
        if isinstance(self.transport_mode, Unset):
            transport_mode = UNSET
        elif isinstance(self.transport_mode, str):
            transport_mode = self.transport_mode
        elif isinstance(self.transport_mode, str):
            transport_mode = self.transport_mode
        elif isinstance(self.transport_mode, str):
            transport_mode = self.transport_mode
        else:
            transport_mode = self.transport_mode

        open_to_group_therapy = self.open_to_group_therapy

        open_to_digital_health_apps = self.open_to_digital_health_apps

        preferred_therapist_gender: str | Unset = UNSET
        if not isinstance(self.preferred_therapist_gender, Unset):
            preferred_therapist_gender = self.preferred_therapist_gender

        excluded_therapist_ids: list[str] | Unset = UNSET
        if not isinstance(self.excluded_therapist_ids, Unset):
            excluded_therapist_ids = self.excluded_therapist_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if salutation is not UNSET:
            field_dict["salutation"] = salutation
        if first_name is not UNSET:
            field_dict["firstName"] = first_name
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if date_of_birth is not UNSET:
            field_dict["dateOfBirth"] = date_of_birth
        if street is not UNSET:
            field_dict["street"] = street
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if city is not UNSET:
            field_dict["city"] = city
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if primary_care_physician is not UNSET:
            field_dict["primaryCarePhysician"] = primary_care_physician
        if health_insurer is not UNSET:
            field_dict["healthInsurer"] = health_insurer
        if insurance_number is not UNSET:
            field_dict["insuranceNumber"] = insurance_number
        if status is not UNSET:
            field_dict["status"] = status
        if contracts_signed is not UNSET:
            field_dict["contractsSigned"] = contracts_signed
        if consultation_attended is not UNSET:
            field_dict["consultationAttended"] = consultation_attended
        if search_started_on is not UNSET:
            field_dict["searchStartedOn"] = search_started_on
        if first_therapy_place_on is not UNSET:
            field_dict["firstTherapyPlaceOn"] = first_therapy_place_on
        if working_therapy_place_on is not UNSET:
            field_dict["workingTherapyPlaceOn"] = working_therapy_place_on
        if referred_by is not UNSET:
            field_dict["referredBy"] = referred_by
        if last_contact_on is not UNSET:
            field_dict["lastContactOn"] = last_contact_on
        if transport_mode is not UNSET:
            field_dict["transportMode"] = transport_mode
        if open_to_group_therapy is not UNSET:
            field_dict["openToGroupTherapy"] = open_to_group_therapy
        if open_to_digital_health_apps is not UNSET:
            field_dict["openToDigitalHealthApps"] = open_to_digital_health_apps
        if preferred_therapist_gender is not UNSET:
            field_dict["preferredTherapistGender"] = preferred_therapist_gender
        if excluded_therapist_ids is not UNSET:
            field_dict["excludedTherapistIds"] = excluded_therapist_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_salutation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        salutation = _parse_salutation(d.pop("salutation", UNSET))

        first_name = d.pop("firstName", UNSET)

        last_name = d.pop("lastName", UNSET)

        def _parse_date_of_birth(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_of_birth_type_0 = datetime.date.fromisoformat(data)

                return date_of_birth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date_of_birth = _parse_date_of_birth(d.pop("dateOfBirth", UNSET))

        def _parse_street(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        street = _parse_street(d.pop("street", UNSET))

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postalCode", UNSET))

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_primary_care_physician(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        primary_care_physician = _parse_primary_care_physician(
            d.pop("primaryCarePhysician", UNSET)
        )

        def _parse_health_insurer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        health_insurer = _parse_health_insurer(d.pop("healthInsurer", UNSET))

        def _parse_insurance_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        insurance_number = _parse_insurance_number(d.pop("insuranceNumber", UNSET))

        _status = d.pop("status", UNSET)
        status: PatientStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_patient_status(_status)

        contracts_signed = d.pop("contractsSigned", UNSET)

        consultation_attended = d.pop("consultationAttended", UNSET)

        def _parse_search_started_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                search_started_on_type_0 = datetime.date.fromisoformat(data)

                return search_started_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        search_started_on = _parse_search_started_on(d.pop("searchStartedOn", UNSET))

        def _parse_first_therapy_place_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_therapy_place_on_type_0 = datetime.date.fromisoformat(data)

                return first_therapy_place_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        first_therapy_place_on = _parse_first_therapy_place_on(
            d.pop("firstTherapyPlaceOn", UNSET)
        )

        def _parse_working_therapy_place_on(
            data: object,
        ) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                working_therapy_place_on_type_0 = datetime.date.fromisoformat(data)

                return working_therapy_place_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        working_therapy_place_on = _parse_working_therapy_place_on(
            d.pop("workingTherapyPlaceOn", UNSET)
        )

        def _parse_referred_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        referred_by = _parse_referred_by(d.pop("referredBy", UNSET))

        def _parse_last_contact_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_contact_on_type_0 = datetime.date.fromisoformat(data)

                return last_contact_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        last_contact_on = _parse_last_contact_on(d.pop("lastContactOn", UNSET))

        def _parse_transport_mode(
            data: object,
        ) -> (
            None
            | TransportModeType1
            | TransportModeType2Type1
            | TransportModeType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_transport_mode_type_1 = check_transport_mode_type_1(
                    data
                )

                return componentsschemas_transport_mode_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_transport_mode_type_2_type_1 = (
                    check_transport_mode_type_2_type_1(data)
                )

                return componentsschemas_transport_mode_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_transport_mode_type_3_type_1 = (
                    check_transport_mode_type_3_type_1(data)
                )

                return componentsschemas_transport_mode_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | TransportModeType1
                | TransportModeType2Type1
                | TransportModeType3Type1
                | Unset,
                data,
            )

        transport_mode = _parse_transport_mode(d.pop("transportMode", UNSET))

        open_to_group_therapy = d.pop("openToGroupTherapy", UNSET)

        open_to_digital_health_apps = d.pop("openToDigitalHealthApps", UNSET)

        _preferred_therapist_gender = d.pop("preferredTherapistGender", UNSET)
        preferred_therapist_gender: TherapistGenderPreference | Unset
        if isinstance(_preferred_therapist_gender, Unset):
            preferred_therapist_gender = UNSET
        else:
            preferred_therapist_gender = check_therapist_gender_preference(
                _preferred_therapist_gender
            )

        excluded_therapist_ids = cast(list[str], d.pop("excludedTherapistIds", UNSET))

        patient_profile = cls(
            salutation=salutation,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            street=street,
            postal_code=postal_code,
            city=city,
            email=email,
            phone=phone,
            primary_care_physician=primary_care_physician,
            health_insurer=health_insurer,
            insurance_number=insurance_number,
            status=status,
            contracts_signed=contracts_signed,
            consultation_attended=consultation_attended,
            search_started_on=search_started_on,
            first_therapy_place_on=first_therapy_place_on,
            working_therapy_place_on=working_therapy_place_on,
            referred_by=referred_by,
            last_contact_on=last_contact_on,
            transport_mode=transport_mode,
            open_to_group_therapy=open_to_group_therapy,
            open_to_digital_health_apps=open_to_digital_health_apps,
            preferred_therapist_gender=preferred_therapist_gender,
            excluded_therapist_ids=excluded_therapist_ids,
        )

        patient_profile.additional_properties = d
        return patient_profile

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
