from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

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

if TYPE_CHECKING:
    from ..models.location_availability_type_0 import LocationAvailabilityType0
    from ..models.time_availability_type_0 import TimeAvailabilityType0


T = TypeVar("T", bound="Patient")


@_attrs_define
class Patient:
    """A patient as the API returns it. Every field is present; empty ones are `null`.

    Attributes:
        id (UUID): Server-generated id.
        version (int): Version of the patient: 1 on create, +1 on every change; the `ETag`.
        created_at (datetime.datetime): When the patient was registered.
        updated_at (datetime.datetime): When the patient was last changed.
        salutation (None | str): Salutation [Anrede].
        first_name (str): First name [Vorname].
        last_name (str): Last name [Nachname].
        date_of_birth (datetime.date | None): Date of birth [Geburtsdatum]; from 1900-01-01, not in the future.
        street (None | str): Street and house number [Straße].
        postal_code (None | str): German postal code, 5 digits [Postleitzahl, PLZ].
        city (None | str): City [Ort].
        email (None | str): Email address [E-Mail].
        phone (None | str): Phone number [Telefon].
        primary_care_physician (None | str): Primary care physician [Hausarzt].
        health_insurer (None | str): Health insurer [Krankenkasse].
        insurance_number (None | str): Health insurance number (KVNR): one capital letter and 9 digits
            [Krankenversicherungsnummer].
        status (PatientStatus): Where the patient is in the search for a therapy place. Changes follow this graph
            (keeping
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
        contracts_signed (bool): Contracts signed [Verträge unterschrieben].
        consultation_attended (bool): Attended the psychotherapeutic consultation hour [psychotherapeutische
            Sprechstunde].
        search_started_on (datetime.date | None): Search for a therapy place started on [Beginn der Platzsuche];
            1900-01-01 to 2199-12-31.
        first_therapy_place_on (datetime.date | None): First therapy place offered on [erster Therapieplatz am];
            1900-01-01 to 2199-12-31.
        working_therapy_place_on (datetime.date | None): Working therapy place found on [funktionierender Therapieplatz
            am]; 1900-01-01 to 2199-12-31.
        referred_by (None | str): Who referred the patient [Empfehler].
        last_contact_on (datetime.date | None): Last contact with the patient on [letzter Kontakt am]; 1900-01-01 to
            2199-12-31.
        transport_mode (None | TransportModeType1 | TransportModeType2Type1 | TransportModeType3Type1): How the patient
            travels to therapy; `null` when not known.
        open_to_group_therapy (bool): Open to group therapy [offen für Gruppentherapie].
        open_to_digital_health_apps (bool): Open to digital health applications [DiGA].
        preferred_therapist_gender (TherapistGenderPreference): Preferred gender of the therapist.
        excluded_therapist_ids (list[str]): Therapists the patient must not be matched with [ausgeschlossene
            Therapeuten].
        time_availability (None | TimeAvailabilityType0): When the patient can attend therapy, per weekday [zeitliche
            Verfügbarkeit]; `null` when not known.
        location_availability (LocationAvailabilityType0 | None): How far the patient can travel to therapy [räumliche
            Verfügbarkeit]; `null` when not known.
        diagnosis (None | str): ICD-10 code such as F32.1 [Diagnose].
        psychotherapy_experience (bool | None): Has had psychotherapy before [Psychotherapieerfahrung].
        inpatient_treatment (bool | None): Has had inpatient treatment [stationäre Behandlung].
        occupational_situation (None | str): Occupational situation [berufliche Situation].
        marital_status (None | str): Marital status [Familienstand].
        current_complaints (None | str): Current complaints [aktuelle Beschwerden].
        complaints_since (datetime.date | None): Complaints since [Beschwerden seit]; 1900-01-01 to 2199-12-31.
        previous_treatments (None | str): Previous treatments [bisherige Behandlungen].
        physical_conditions (None | str): Physical conditions [körperliche Erkrankungen].
        current_medication (None | str): Current medication [aktuelle Medikation].
        stress_factors (None | str): Stress factors [Belastungsfaktoren].
        support_systems (None | str): Support systems [unterstützendes Umfeld].
        reason_for_therapy (None | str): Reason for therapy [Anlass der Therapie].
        therapy_expectations (None | str): Expectations of therapy [Erwartungen an die Therapie].
        therapy_goals (None | str): Therapy goals [Therapieziele].
        previous_therapy_experiences (None | str): Previous therapy experiences [bisherige Therapieerfahrungen].
    """

    id: UUID
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    salutation: None | str
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None
    street: None | str
    postal_code: None | str
    city: None | str
    email: None | str
    phone: None | str
    primary_care_physician: None | str
    health_insurer: None | str
    insurance_number: None | str
    status: PatientStatus
    contracts_signed: bool
    consultation_attended: bool
    search_started_on: datetime.date | None
    first_therapy_place_on: datetime.date | None
    working_therapy_place_on: datetime.date | None
    referred_by: None | str
    last_contact_on: datetime.date | None
    transport_mode: (
        None | TransportModeType1 | TransportModeType2Type1 | TransportModeType3Type1
    )
    open_to_group_therapy: bool
    open_to_digital_health_apps: bool
    preferred_therapist_gender: TherapistGenderPreference
    excluded_therapist_ids: list[str]
    time_availability: None | TimeAvailabilityType0
    location_availability: LocationAvailabilityType0 | None
    diagnosis: None | str
    psychotherapy_experience: bool | None
    inpatient_treatment: bool | None
    occupational_situation: None | str
    marital_status: None | str
    current_complaints: None | str
    complaints_since: datetime.date | None
    previous_treatments: None | str
    physical_conditions: None | str
    current_medication: None | str
    stress_factors: None | str
    support_systems: None | str
    reason_for_therapy: None | str
    therapy_expectations: None | str
    therapy_goals: None | str
    previous_therapy_experiences: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.location_availability_type_0 import LocationAvailabilityType0  # noqa: PLC0415
        from ..models.time_availability_type_0 import TimeAvailabilityType0  # noqa: PLC0415

        id = str(self.id)

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        salutation: None | str
        salutation = self.salutation

        first_name = self.first_name

        last_name = self.last_name

        date_of_birth: None | str
        if isinstance(self.date_of_birth, datetime.date):
            date_of_birth = self.date_of_birth.isoformat()
        else:
            date_of_birth = self.date_of_birth

        street: None | str
        street = self.street

        postal_code: None | str
        postal_code = self.postal_code

        city: None | str
        city = self.city

        email: None | str
        email = self.email

        phone: None | str
        phone = self.phone

        primary_care_physician: None | str
        primary_care_physician = self.primary_care_physician

        health_insurer: None | str
        health_insurer = self.health_insurer

        insurance_number: None | str
        insurance_number = self.insurance_number

        status: str = self.status

        contracts_signed = self.contracts_signed

        consultation_attended = self.consultation_attended

        search_started_on: None | str
        if isinstance(self.search_started_on, datetime.date):
            search_started_on = self.search_started_on.isoformat()
        else:
            search_started_on = self.search_started_on

        first_therapy_place_on: None | str
        if isinstance(self.first_therapy_place_on, datetime.date):
            first_therapy_place_on = self.first_therapy_place_on.isoformat()
        else:
            first_therapy_place_on = self.first_therapy_place_on

        working_therapy_place_on: None | str
        if isinstance(self.working_therapy_place_on, datetime.date):
            working_therapy_place_on = self.working_therapy_place_on.isoformat()
        else:
            working_therapy_place_on = self.working_therapy_place_on

        referred_by: None | str
        referred_by = self.referred_by

        last_contact_on: None | str
        if isinstance(self.last_contact_on, datetime.date):
            last_contact_on = self.last_contact_on.isoformat()
        else:
            last_contact_on = self.last_contact_on

        transport_mode: None | str
        if isinstance(self.transport_mode, str):
            transport_mode = self.transport_mode
        elif isinstance(self.transport_mode, str):
            transport_mode = self.transport_mode
        elif isinstance(self.transport_mode, str):
            transport_mode = self.transport_mode
        else:
            transport_mode = self.transport_mode

        open_to_group_therapy = self.open_to_group_therapy

        open_to_digital_health_apps = self.open_to_digital_health_apps

        preferred_therapist_gender: str = self.preferred_therapist_gender

        excluded_therapist_ids = self.excluded_therapist_ids

        time_availability: dict[str, Any] | None
        if isinstance(self.time_availability, TimeAvailabilityType0):
            time_availability = self.time_availability.to_dict()
        else:
            time_availability = self.time_availability

        location_availability: dict[str, Any] | None
        if isinstance(self.location_availability, LocationAvailabilityType0):
            location_availability = self.location_availability.to_dict()
        else:
            location_availability = self.location_availability

        diagnosis: None | str
        diagnosis = self.diagnosis

        psychotherapy_experience: bool | None
        psychotherapy_experience = self.psychotherapy_experience

        inpatient_treatment: bool | None
        inpatient_treatment = self.inpatient_treatment

        occupational_situation: None | str
        occupational_situation = self.occupational_situation

        marital_status: None | str
        marital_status = self.marital_status

        current_complaints: None | str
        current_complaints = self.current_complaints

        complaints_since: None | str
        if isinstance(self.complaints_since, datetime.date):
            complaints_since = self.complaints_since.isoformat()
        else:
            complaints_since = self.complaints_since

        previous_treatments: None | str
        previous_treatments = self.previous_treatments

        physical_conditions: None | str
        physical_conditions = self.physical_conditions

        current_medication: None | str
        current_medication = self.current_medication

        stress_factors: None | str
        stress_factors = self.stress_factors

        support_systems: None | str
        support_systems = self.support_systems

        reason_for_therapy: None | str
        reason_for_therapy = self.reason_for_therapy

        therapy_expectations: None | str
        therapy_expectations = self.therapy_expectations

        therapy_goals: None | str
        therapy_goals = self.therapy_goals

        previous_therapy_experiences: None | str
        previous_therapy_experiences = self.previous_therapy_experiences

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "version": version,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "salutation": salutation,
                "firstName": first_name,
                "lastName": last_name,
                "dateOfBirth": date_of_birth,
                "street": street,
                "postalCode": postal_code,
                "city": city,
                "email": email,
                "phone": phone,
                "primaryCarePhysician": primary_care_physician,
                "healthInsurer": health_insurer,
                "insuranceNumber": insurance_number,
                "status": status,
                "contractsSigned": contracts_signed,
                "consultationAttended": consultation_attended,
                "searchStartedOn": search_started_on,
                "firstTherapyPlaceOn": first_therapy_place_on,
                "workingTherapyPlaceOn": working_therapy_place_on,
                "referredBy": referred_by,
                "lastContactOn": last_contact_on,
                "transportMode": transport_mode,
                "openToGroupTherapy": open_to_group_therapy,
                "openToDigitalHealthApps": open_to_digital_health_apps,
                "preferredTherapistGender": preferred_therapist_gender,
                "excludedTherapistIds": excluded_therapist_ids,
                "timeAvailability": time_availability,
                "locationAvailability": location_availability,
                "diagnosis": diagnosis,
                "psychotherapyExperience": psychotherapy_experience,
                "inpatientTreatment": inpatient_treatment,
                "occupationalSituation": occupational_situation,
                "maritalStatus": marital_status,
                "currentComplaints": current_complaints,
                "complaintsSince": complaints_since,
                "previousTreatments": previous_treatments,
                "physicalConditions": physical_conditions,
                "currentMedication": current_medication,
                "stressFactors": stress_factors,
                "supportSystems": support_systems,
                "reasonForTherapy": reason_for_therapy,
                "therapyExpectations": therapy_expectations,
                "therapyGoals": therapy_goals,
                "previousTherapyExperiences": previous_therapy_experiences,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location_availability_type_0 import LocationAvailabilityType0  # noqa: PLC0415
        from ..models.time_availability_type_0 import TimeAvailabilityType0  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_salutation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        salutation = _parse_salutation(d.pop("salutation"))

        first_name = d.pop("firstName")

        last_name = d.pop("lastName")

        def _parse_date_of_birth(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_of_birth_type_0 = datetime.date.fromisoformat(data)

                return date_of_birth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date_of_birth = _parse_date_of_birth(d.pop("dateOfBirth"))

        def _parse_street(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        street = _parse_street(d.pop("street"))

        def _parse_postal_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        postal_code = _parse_postal_code(d.pop("postalCode"))

        def _parse_city(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        city = _parse_city(d.pop("city"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_primary_care_physician(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        primary_care_physician = _parse_primary_care_physician(
            d.pop("primaryCarePhysician")
        )

        def _parse_health_insurer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        health_insurer = _parse_health_insurer(d.pop("healthInsurer"))

        def _parse_insurance_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        insurance_number = _parse_insurance_number(d.pop("insuranceNumber"))

        status = check_patient_status(d.pop("status"))

        contracts_signed = d.pop("contractsSigned")

        consultation_attended = d.pop("consultationAttended")

        def _parse_search_started_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                search_started_on_type_0 = datetime.date.fromisoformat(data)

                return search_started_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        search_started_on = _parse_search_started_on(d.pop("searchStartedOn"))

        def _parse_first_therapy_place_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_therapy_place_on_type_0 = datetime.date.fromisoformat(data)

                return first_therapy_place_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        first_therapy_place_on = _parse_first_therapy_place_on(
            d.pop("firstTherapyPlaceOn")
        )

        def _parse_working_therapy_place_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                working_therapy_place_on_type_0 = datetime.date.fromisoformat(data)

                return working_therapy_place_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        working_therapy_place_on = _parse_working_therapy_place_on(
            d.pop("workingTherapyPlaceOn")
        )

        def _parse_referred_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        referred_by = _parse_referred_by(d.pop("referredBy"))

        def _parse_last_contact_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_contact_on_type_0 = datetime.date.fromisoformat(data)

                return last_contact_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        last_contact_on = _parse_last_contact_on(d.pop("lastContactOn"))

        def _parse_transport_mode(
            data: object,
        ) -> (
            None
            | TransportModeType1
            | TransportModeType2Type1
            | TransportModeType3Type1
        ):
            if data is None:
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
                | TransportModeType3Type1,
                data,
            )

        transport_mode = _parse_transport_mode(d.pop("transportMode"))

        open_to_group_therapy = d.pop("openToGroupTherapy")

        open_to_digital_health_apps = d.pop("openToDigitalHealthApps")

        preferred_therapist_gender = check_therapist_gender_preference(
            d.pop("preferredTherapistGender")
        )

        excluded_therapist_ids = cast(list[str], d.pop("excludedTherapistIds"))

        def _parse_time_availability(data: object) -> None | TimeAvailabilityType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_time_availability_type_0 = (
                    TimeAvailabilityType0.from_dict(data)
                )

                return componentsschemas_time_availability_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimeAvailabilityType0, data)

        time_availability = _parse_time_availability(d.pop("timeAvailability"))

        def _parse_location_availability(
            data: object,
        ) -> LocationAvailabilityType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_location_availability_type_0 = (
                    LocationAvailabilityType0.from_dict(data)
                )

                return componentsschemas_location_availability_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LocationAvailabilityType0 | None, data)

        location_availability = _parse_location_availability(
            d.pop("locationAvailability")
        )

        def _parse_diagnosis(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        diagnosis = _parse_diagnosis(d.pop("diagnosis"))

        def _parse_psychotherapy_experience(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        psychotherapy_experience = _parse_psychotherapy_experience(
            d.pop("psychotherapyExperience")
        )

        def _parse_inpatient_treatment(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        inpatient_treatment = _parse_inpatient_treatment(d.pop("inpatientTreatment"))

        def _parse_occupational_situation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        occupational_situation = _parse_occupational_situation(
            d.pop("occupationalSituation")
        )

        def _parse_marital_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        marital_status = _parse_marital_status(d.pop("maritalStatus"))

        def _parse_current_complaints(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        current_complaints = _parse_current_complaints(d.pop("currentComplaints"))

        def _parse_complaints_since(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                complaints_since_type_0 = datetime.date.fromisoformat(data)

                return complaints_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        complaints_since = _parse_complaints_since(d.pop("complaintsSince"))

        def _parse_previous_treatments(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_treatments = _parse_previous_treatments(d.pop("previousTreatments"))

        def _parse_physical_conditions(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        physical_conditions = _parse_physical_conditions(d.pop("physicalConditions"))

        def _parse_current_medication(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        current_medication = _parse_current_medication(d.pop("currentMedication"))

        def _parse_stress_factors(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stress_factors = _parse_stress_factors(d.pop("stressFactors"))

        def _parse_support_systems(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        support_systems = _parse_support_systems(d.pop("supportSystems"))

        def _parse_reason_for_therapy(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason_for_therapy = _parse_reason_for_therapy(d.pop("reasonForTherapy"))

        def _parse_therapy_expectations(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        therapy_expectations = _parse_therapy_expectations(d.pop("therapyExpectations"))

        def _parse_therapy_goals(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        therapy_goals = _parse_therapy_goals(d.pop("therapyGoals"))

        def _parse_previous_therapy_experiences(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_therapy_experiences = _parse_previous_therapy_experiences(
            d.pop("previousTherapyExperiences")
        )

        patient = cls(
            id=id,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
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
            time_availability=time_availability,
            location_availability=location_availability,
            diagnosis=diagnosis,
            psychotherapy_experience=psychotherapy_experience,
            inpatient_treatment=inpatient_treatment,
            occupational_situation=occupational_situation,
            marital_status=marital_status,
            current_complaints=current_complaints,
            complaints_since=complaints_since,
            previous_treatments=previous_treatments,
            physical_conditions=physical_conditions,
            current_medication=current_medication,
            stress_factors=stress_factors,
            support_systems=support_systems,
            reason_for_therapy=reason_for_therapy,
            therapy_expectations=therapy_expectations,
            therapy_goals=therapy_goals,
            previous_therapy_experiences=previous_therapy_experiences,
        )

        patient.additional_properties = d
        return patient

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
