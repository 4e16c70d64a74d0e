from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

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

if TYPE_CHECKING:
    from ..models.location_availability_patch_type_0 import (
        LocationAvailabilityPatchType0,
    )
    from ..models.time_availability_patch_type_0 import TimeAvailabilityPatchType0


T = TypeVar("T", bound="PatientPatch")


@_attrs_define
class PatientPatch:
    """A JSON Merge Patch (RFC 7396) of the writable fields: every field optional. `null` clears
    a nullable field; `firstName` and `lastName` cannot be cleared. The availability objects
    are merged member by member, and `null` removes a member (`PatientAvailabilityPatch`).

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
            time_availability (None | TimeAvailabilityPatchType0 | Unset): A merge patch of `TimeAvailability`: a weekday
                sent replaces that day's slots, a weekday
                sent as `null` is removed, weekdays left out stay as they are.
            location_availability (LocationAvailabilityPatchType0 | None | Unset): A merge patch of `LocationAvailability`:
                a member sent as `null` is removed.
            diagnosis (None | str | Unset): ICD-10 code such as F32.1 [Diagnose].
            psychotherapy_experience (bool | None | Unset): Has had psychotherapy before [Psychotherapieerfahrung].
            inpatient_treatment (bool | None | Unset): Has had inpatient treatment [stationäre Behandlung].
            occupational_situation (None | str | Unset): Occupational situation [berufliche Situation].
            marital_status (None | str | Unset): Marital status [Familienstand].
            current_complaints (None | str | Unset): Current complaints [aktuelle Beschwerden].
            complaints_since (datetime.date | None | Unset): Complaints since [Beschwerden seit]; 1900-01-01 to 2199-12-31.
            previous_treatments (None | str | Unset): Previous treatments [bisherige Behandlungen].
            physical_conditions (None | str | Unset): Physical conditions [körperliche Erkrankungen].
            current_medication (None | str | Unset): Current medication [aktuelle Medikation].
            stress_factors (None | str | Unset): Stress factors [Belastungsfaktoren].
            support_systems (None | str | Unset): Support systems [unterstützendes Umfeld].
            reason_for_therapy (None | str | Unset): Reason for therapy [Anlass der Therapie].
            therapy_expectations (None | str | Unset): Expectations of therapy [Erwartungen an die Therapie].
            therapy_goals (None | str | Unset): Therapy goals [Therapieziele].
            previous_therapy_experiences (None | str | Unset): Previous therapy experiences [bisherige Therapieerfahrungen].
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
    time_availability: None | TimeAvailabilityPatchType0 | Unset = UNSET
    location_availability: LocationAvailabilityPatchType0 | None | Unset = UNSET
    diagnosis: None | str | Unset = UNSET
    psychotherapy_experience: bool | None | Unset = UNSET
    inpatient_treatment: bool | None | Unset = UNSET
    occupational_situation: None | str | Unset = UNSET
    marital_status: None | str | Unset = UNSET
    current_complaints: None | str | Unset = UNSET
    complaints_since: datetime.date | None | Unset = UNSET
    previous_treatments: None | str | Unset = UNSET
    physical_conditions: None | str | Unset = UNSET
    current_medication: None | str | Unset = UNSET
    stress_factors: None | str | Unset = UNSET
    support_systems: None | str | Unset = UNSET
    reason_for_therapy: None | str | Unset = UNSET
    therapy_expectations: None | str | Unset = UNSET
    therapy_goals: None | str | Unset = UNSET
    previous_therapy_experiences: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.location_availability_patch_type_0 import (
            LocationAvailabilityPatchType0,  # noqa: PLC0415
        )
        from ..models.time_availability_patch_type_0 import TimeAvailabilityPatchType0  # noqa: PLC0415

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

        time_availability: dict[str, Any] | None | Unset
        if isinstance(self.time_availability, Unset):
            time_availability = UNSET
        elif isinstance(self.time_availability, TimeAvailabilityPatchType0):
            time_availability = self.time_availability.to_dict()
        else:
            time_availability = self.time_availability

        location_availability: dict[str, Any] | None | Unset
        if isinstance(self.location_availability, Unset):
            location_availability = UNSET
        elif isinstance(self.location_availability, LocationAvailabilityPatchType0):
            location_availability = self.location_availability.to_dict()
        else:
            location_availability = self.location_availability

        diagnosis: None | str | Unset
        if isinstance(self.diagnosis, Unset):
            diagnosis = UNSET
        else:
            diagnosis = self.diagnosis

        psychotherapy_experience: bool | None | Unset
        if isinstance(self.psychotherapy_experience, Unset):
            psychotherapy_experience = UNSET
        else:
            psychotherapy_experience = self.psychotherapy_experience

        inpatient_treatment: bool | None | Unset
        if isinstance(self.inpatient_treatment, Unset):
            inpatient_treatment = UNSET
        else:
            inpatient_treatment = self.inpatient_treatment

        occupational_situation: None | str | Unset
        if isinstance(self.occupational_situation, Unset):
            occupational_situation = UNSET
        else:
            occupational_situation = self.occupational_situation

        marital_status: None | str | Unset
        if isinstance(self.marital_status, Unset):
            marital_status = UNSET
        else:
            marital_status = self.marital_status

        current_complaints: None | str | Unset
        if isinstance(self.current_complaints, Unset):
            current_complaints = UNSET
        else:
            current_complaints = self.current_complaints

        complaints_since: None | str | Unset
        if isinstance(self.complaints_since, Unset):
            complaints_since = UNSET
        elif isinstance(self.complaints_since, datetime.date):
            complaints_since = self.complaints_since.isoformat()
        else:
            complaints_since = self.complaints_since

        previous_treatments: None | str | Unset
        if isinstance(self.previous_treatments, Unset):
            previous_treatments = UNSET
        else:
            previous_treatments = self.previous_treatments

        physical_conditions: None | str | Unset
        if isinstance(self.physical_conditions, Unset):
            physical_conditions = UNSET
        else:
            physical_conditions = self.physical_conditions

        current_medication: None | str | Unset
        if isinstance(self.current_medication, Unset):
            current_medication = UNSET
        else:
            current_medication = self.current_medication

        stress_factors: None | str | Unset
        if isinstance(self.stress_factors, Unset):
            stress_factors = UNSET
        else:
            stress_factors = self.stress_factors

        support_systems: None | str | Unset
        if isinstance(self.support_systems, Unset):
            support_systems = UNSET
        else:
            support_systems = self.support_systems

        reason_for_therapy: None | str | Unset
        if isinstance(self.reason_for_therapy, Unset):
            reason_for_therapy = UNSET
        else:
            reason_for_therapy = self.reason_for_therapy

        therapy_expectations: None | str | Unset
        if isinstance(self.therapy_expectations, Unset):
            therapy_expectations = UNSET
        else:
            therapy_expectations = self.therapy_expectations

        therapy_goals: None | str | Unset
        if isinstance(self.therapy_goals, Unset):
            therapy_goals = UNSET
        else:
            therapy_goals = self.therapy_goals

        previous_therapy_experiences: None | str | Unset
        if isinstance(self.previous_therapy_experiences, Unset):
            previous_therapy_experiences = UNSET
        else:
            previous_therapy_experiences = self.previous_therapy_experiences

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
        if time_availability is not UNSET:
            field_dict["timeAvailability"] = time_availability
        if location_availability is not UNSET:
            field_dict["locationAvailability"] = location_availability
        if diagnosis is not UNSET:
            field_dict["diagnosis"] = diagnosis
        if psychotherapy_experience is not UNSET:
            field_dict["psychotherapyExperience"] = psychotherapy_experience
        if inpatient_treatment is not UNSET:
            field_dict["inpatientTreatment"] = inpatient_treatment
        if occupational_situation is not UNSET:
            field_dict["occupationalSituation"] = occupational_situation
        if marital_status is not UNSET:
            field_dict["maritalStatus"] = marital_status
        if current_complaints is not UNSET:
            field_dict["currentComplaints"] = current_complaints
        if complaints_since is not UNSET:
            field_dict["complaintsSince"] = complaints_since
        if previous_treatments is not UNSET:
            field_dict["previousTreatments"] = previous_treatments
        if physical_conditions is not UNSET:
            field_dict["physicalConditions"] = physical_conditions
        if current_medication is not UNSET:
            field_dict["currentMedication"] = current_medication
        if stress_factors is not UNSET:
            field_dict["stressFactors"] = stress_factors
        if support_systems is not UNSET:
            field_dict["supportSystems"] = support_systems
        if reason_for_therapy is not UNSET:
            field_dict["reasonForTherapy"] = reason_for_therapy
        if therapy_expectations is not UNSET:
            field_dict["therapyExpectations"] = therapy_expectations
        if therapy_goals is not UNSET:
            field_dict["therapyGoals"] = therapy_goals
        if previous_therapy_experiences is not UNSET:
            field_dict["previousTherapyExperiences"] = previous_therapy_experiences

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location_availability_patch_type_0 import (
            LocationAvailabilityPatchType0,  # noqa: PLC0415
        )
        from ..models.time_availability_patch_type_0 import TimeAvailabilityPatchType0  # noqa: PLC0415

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

        def _parse_time_availability(
            data: object,
        ) -> None | TimeAvailabilityPatchType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_time_availability_patch_type_0 = (
                    TimeAvailabilityPatchType0.from_dict(data)
                )

                return componentsschemas_time_availability_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimeAvailabilityPatchType0 | Unset, data)

        time_availability = _parse_time_availability(d.pop("timeAvailability", UNSET))

        def _parse_location_availability(
            data: object,
        ) -> LocationAvailabilityPatchType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_location_availability_patch_type_0 = (
                    LocationAvailabilityPatchType0.from_dict(data)
                )

                return componentsschemas_location_availability_patch_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LocationAvailabilityPatchType0 | None | Unset, data)

        location_availability = _parse_location_availability(
            d.pop("locationAvailability", UNSET)
        )

        def _parse_diagnosis(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        diagnosis = _parse_diagnosis(d.pop("diagnosis", UNSET))

        def _parse_psychotherapy_experience(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        psychotherapy_experience = _parse_psychotherapy_experience(
            d.pop("psychotherapyExperience", UNSET)
        )

        def _parse_inpatient_treatment(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        inpatient_treatment = _parse_inpatient_treatment(
            d.pop("inpatientTreatment", UNSET)
        )

        def _parse_occupational_situation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        occupational_situation = _parse_occupational_situation(
            d.pop("occupationalSituation", UNSET)
        )

        def _parse_marital_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        marital_status = _parse_marital_status(d.pop("maritalStatus", UNSET))

        def _parse_current_complaints(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_complaints = _parse_current_complaints(
            d.pop("currentComplaints", UNSET)
        )

        def _parse_complaints_since(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                complaints_since_type_0 = datetime.date.fromisoformat(data)

                return complaints_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        complaints_since = _parse_complaints_since(d.pop("complaintsSince", UNSET))

        def _parse_previous_treatments(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous_treatments = _parse_previous_treatments(
            d.pop("previousTreatments", UNSET)
        )

        def _parse_physical_conditions(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        physical_conditions = _parse_physical_conditions(
            d.pop("physicalConditions", UNSET)
        )

        def _parse_current_medication(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_medication = _parse_current_medication(
            d.pop("currentMedication", UNSET)
        )

        def _parse_stress_factors(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stress_factors = _parse_stress_factors(d.pop("stressFactors", UNSET))

        def _parse_support_systems(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        support_systems = _parse_support_systems(d.pop("supportSystems", UNSET))

        def _parse_reason_for_therapy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason_for_therapy = _parse_reason_for_therapy(d.pop("reasonForTherapy", UNSET))

        def _parse_therapy_expectations(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        therapy_expectations = _parse_therapy_expectations(
            d.pop("therapyExpectations", UNSET)
        )

        def _parse_therapy_goals(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        therapy_goals = _parse_therapy_goals(d.pop("therapyGoals", UNSET))

        def _parse_previous_therapy_experiences(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous_therapy_experiences = _parse_previous_therapy_experiences(
            d.pop("previousTherapyExperiences", UNSET)
        )

        patient_patch = cls(
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

        patient_patch.additional_properties = d
        return patient_patch

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
