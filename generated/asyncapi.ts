/**
 * Generated from asyncapi.yaml by scripts/generate-asyncapi-types.ts (npm run generate).
 * Do not edit: change asyncapi.yaml and regenerate.
 */

export type paths = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Format: uuid
         * @description The Kafka message key: the patient id (all events of a patient share a partition).
         */
        PatientKey: string;
        /** @description The CloudEvents 1.0 context attributes every event carries. */
        CloudEventAttributes: {
            /** @constant */
            specversion: "1.0";
            /**
             * Format: uuid
             * @description Unique per event; a redelivered event keeps it, so consumers deduplicate by it.
             */
            id: string;
            /**
             * Format: uri-reference
             * @description The producing service (`EVENT_SOURCE`, default `/patient-service`).
             */
            source: string;
            /**
             * Format: uuid
             * @description The patient id.
             */
            subject: string;
            /**
             * Format: date-time
             * @description When the service made the change, by its clock, stamped just before the write (for created and updated events the patient's updatedAt). Not the commit time: concurrent writes can commit in another order than their times.
             */
            time: string;
            /** @constant */
            datacontenttype: "application/json";
        };
        /**
         * @description The patient as `GET /api/patients/{id}` returns it, minus the health fields. Composed from
         *     the REST contract's schemas, so the two cannot drift apart.
         */
        PatientEventData: WithRequired<components["schemas"]["PatientMeta"], "id" | "version" | "createdAt" | "updatedAt"> & WithRequired<components["schemas"]["PatientProfile"], "salutation" | "firstName" | "lastName" | "dateOfBirth" | "street" | "postalCode" | "city" | "email" | "phone" | "primaryCarePhysician" | "healthInsurer" | "insuranceNumber" | "status" | "contractsSigned" | "consultationAttended" | "searchStartedOn" | "firstTherapyPlaceOn" | "workingTherapyPlaceOn" | "referredBy" | "lastContactOn" | "transportMode" | "openToGroupTherapy" | "openToDigitalHealthApps" | "preferredTherapistGender" | "excludedTherapistIds"> & WithRequired<components["schemas"]["PatientAvailability"], "timeAvailability" | "locationAvailability">;
        PatientDeletedData: {
            /** Format: uuid */
            id: string;
        };
        PatientCreatedEvent: components["schemas"]["CloudEventAttributes"] & {
            /** @constant */
            type: "patient.created";
            data: components["schemas"]["PatientEventData"];
        };
        PatientUpdatedEvent: components["schemas"]["CloudEventAttributes"] & {
            /** @constant */
            type: "patient.updated";
            data: components["schemas"]["PatientEventData"];
        };
        PatientDeletedEvent: components["schemas"]["CloudEventAttributes"] & {
            /** @constant */
            type: "patient.deleted";
            data: components["schemas"]["PatientDeletedData"];
        };
        /** @description Server-set fields of a patient; read-only. */
        PatientMeta: {
            /**
             * Format: uuid
             * @description Server-generated id.
             */
            readonly id?: string;
            /** @description Version of the patient: 1 on create, +1 on every change; the `ETag`. */
            readonly version?: number;
            /**
             * Format: date-time
             * @description When the patient was registered.
             */
            readonly createdAt?: string;
            /**
             * Format: date-time
             * @description When the patient was last changed.
             */
            readonly updatedAt?: string;
        };
        /**
         * @description Where the patient is in the search for a therapy place. Changes follow this graph (keeping
         *     the status is not a change; a patient may be created in any status):
         *
         *     | from | allowed next statuses |
         *     | --- | --- |
         *     | open | searching, search_aborted |
         *     | searching | in_therapy, search_aborted |
         *     | in_therapy | therapy_completed, therapy_aborted |
         *     | search_aborted | searching |
         *     | therapy_aborted | searching |
         *     | therapy_completed | searching |
         *
         *     Entering `searching` sets `searchStartedOn` to today when it is empty; entering
         *     `in_therapy` sets `firstTherapyPlaceOn` to today when it is empty. A create enters its
         *     status the same way (a patient created in `searching` without `searchStartedOn` starts
         *     the search today; an import that knows the dates sends them and keeps them). Any other
         *     change is a 409 problem naming the allowed next statuses.
         * @enum {string}
         */
        PatientStatus: "open" | "searching" | "in_therapy" | "therapy_completed" | "search_aborted" | "therapy_aborted";
        /**
         * @description How the patient travels to therapy; `null` when not known.
         * @enum {string|null}
         */
        TransportMode: "car" | "public_transport" | null;
        /**
         * @description Preferred gender of the therapist.
         * @enum {string}
         */
        TherapistGenderPreference: "male" | "female" | "any";
        /**
         * @description Writable fields of a patient that are not health data: personal and contact data,
         *     insurance, the search process and preferences; with `PatientAvailability`, these fields
         *     also travel in the patient events. The availability objects are a group of their own
         *     because a merge patch writes them member by member (`PatientAvailabilityPatch`).
         */
        PatientProfile: {
            /** @description Salutation [Anrede]. */
            salutation?: string | null;
            /** @description First name [Vorname]. */
            firstName?: string;
            /** @description Last name [Nachname]. */
            lastName?: string;
            /**
             * Format: date
             * @description Date of birth [Geburtsdatum]; from 1900-01-01, not in the future.
             */
            dateOfBirth?: string | null;
            /** @description Street and house number [Straße]. */
            street?: string | null;
            /**
             * @description German postal code, 5 digits [Postleitzahl, PLZ].
             * @example 10115
             */
            postalCode?: string | null;
            /** @description City [Ort]. */
            city?: string | null;
            /**
             * Format: email
             * @description Email address [E-Mail].
             */
            email?: string | null;
            /** @description Phone number [Telefon]. */
            phone?: string | null;
            /** @description Primary care physician [Hausarzt]. */
            primaryCarePhysician?: string | null;
            /** @description Health insurer [Krankenkasse]. */
            healthInsurer?: string | null;
            /**
             * @description Health insurance number (KVNR): one capital letter and 9 digits [Krankenversicherungsnummer].
             * @example A123456789
             */
            insuranceNumber?: string | null;
            /**
             * @description Status of the search [Status]. Changes follow this graph (keeping the status is not
             *     a change; a patient may be created in any status):
             *
             *     | from | allowed next statuses |
             *     | --- | --- |
             *     | open | searching, search_aborted |
             *     | searching | in_therapy, search_aborted |
             *     | in_therapy | therapy_completed, therapy_aborted |
             *     | search_aborted | searching |
             *     | therapy_aborted | searching |
             *     | therapy_completed | searching |
             *
             *     Entering searching sets searchStartedOn to today when it is empty, entering
             *     in_therapy sets firstTherapyPlaceOn; a create enters its status the same way. Any
             *     other change is a 409 naming the allowed next statuses.
             */
            status?: components["schemas"]["PatientStatus"];
            /** @description Contracts signed [Verträge unterschrieben]. */
            contractsSigned?: boolean;
            /** @description Attended the psychotherapeutic consultation hour [psychotherapeutische Sprechstunde]. */
            consultationAttended?: boolean;
            /**
             * Format: date
             * @description Search for a therapy place started on [Beginn der Platzsuche]; 1900-01-01 to 2199-12-31.
             */
            searchStartedOn?: string | null;
            /**
             * Format: date
             * @description First therapy place offered on [erster Therapieplatz am]; 1900-01-01 to 2199-12-31.
             */
            firstTherapyPlaceOn?: string | null;
            /**
             * Format: date
             * @description Working therapy place found on [funktionierender Therapieplatz am]; 1900-01-01 to 2199-12-31.
             */
            workingTherapyPlaceOn?: string | null;
            /** @description Who referred the patient [Empfehler]. */
            referredBy?: string | null;
            /**
             * Format: date
             * @description Last contact with the patient on [letzter Kontakt am]; 1900-01-01 to 2199-12-31.
             */
            lastContactOn?: string | null;
            /** @description Means of transport [Verkehrsmittel]. */
            transportMode?: components["schemas"]["TransportMode"];
            /** @description Open to group therapy [offen für Gruppentherapie]. */
            openToGroupTherapy?: boolean;
            /** @description Open to digital health applications [DiGA]. */
            openToDigitalHealthApps?: boolean;
            /** @description Preferred therapist gender [bevorzugtes Geschlecht des Therapeuten]. */
            preferredTherapistGender?: components["schemas"]["TherapistGenderPreference"];
            /** @description Therapists the patient must not be matched with [ausgeschlossene Therapeuten]. */
            excludedTherapistIds?: string[];
        };
        /**
         * @description Time of day, `HH:MM` (24 h).
         * @example 08:30
         */
        TimeOfDay: string;
        /** @description A time window on one day; `from` must be before `to`. */
        TimeSlot: {
            from: components["schemas"]["TimeOfDay"];
            to: components["schemas"]["TimeOfDay"];
        };
        DaySlots: components["schemas"]["TimeSlot"][];
        /** @description When the patient can attend therapy, per weekday [zeitliche Verfügbarkeit]; `null` when not known. */
        TimeAvailability: {
            monday?: components["schemas"]["DaySlots"];
            tuesday?: components["schemas"]["DaySlots"];
            wednesday?: components["schemas"]["DaySlots"];
            thursday?: components["schemas"]["DaySlots"];
            friday?: components["schemas"]["DaySlots"];
            saturday?: components["schemas"]["DaySlots"];
            sunday?: components["schemas"]["DaySlots"];
        } | null;
        /** @description How far the patient can travel to therapy [räumliche Verfügbarkeit]; `null` when not known. */
        LocationAvailability: {
            /** @description Maximum distance in kilometres. */
            maxDistanceKm?: number;
            /** @description Maximum travel time in minutes. */
            maxTravelMinutes?: number;
        } | null;
        /** @description When and how far the patient can come to therapy; writable, not health data, travels in the patient events. */
        PatientAvailability: {
            /** @description Time availability per weekday [zeitliche Verfügbarkeit]. */
            timeAvailability?: components["schemas"]["TimeAvailability"];
            /** @description Location availability [räumliche Verfügbarkeit]. */
            locationAvailability?: components["schemas"]["LocationAvailability"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
type WithRequired<T, K extends keyof T> = T & {
    [P in K]-?: T[P];
};

/** The payload (CloudEvent) of each message, by message name (= CloudEvents `type`). */
export interface messages {
    "patient.created": components["schemas"]["PatientCreatedEvent"];
    "patient.updated": components["schemas"]["PatientUpdatedEvent"];
    "patient.deleted": components["schemas"]["PatientDeletedEvent"];
}
