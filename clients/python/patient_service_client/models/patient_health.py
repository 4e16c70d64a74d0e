from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatientHealth")


@_attrs_define
class PatientHealth:
    """Health data of a patient (GDPR Art. 9 special category): the diagnosis and the history
    and goals. Served only by this API, never published in events.

        Attributes:
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
        d = dict(src_dict)

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

        patient_health = cls(
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

        patient_health.additional_properties = d
        return patient_health

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
