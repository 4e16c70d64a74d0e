/**
 * Generated from asyncapi.yaml by scripts/generate-event-schemas.ts (npm run generate).
 * Do not edit: change asyncapi.yaml and regenerate.
 */

/** The CloudEvents `type` of each message and the name of its payload schema in {@link eventSchema}. */
export const eventMessages = {
  "patient.created": "PatientCreatedEvent",
  "patient.updated": "PatientUpdatedEvent",
  "patient.deleted": "PatientDeletedEvent"
} as const;

/** JSON Schema (2020-12) of every event payload: one of the messages of asyncapi.yaml. */
export const eventSchema: Record<string, unknown> = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:patient-service:events",
  "title": "PatientEvent",
  "description": "Generated from asyncapi.yaml (Patient Service Events 1.0.0) by scripts/generate-event-schemas.ts: one of the message payloads (CloudEvents). Do not edit.",
  "oneOf": [
    {
      "$ref": "#/$defs/PatientCreatedEvent"
    },
    {
      "$ref": "#/$defs/PatientUpdatedEvent"
    },
    {
      "$ref": "#/$defs/PatientDeletedEvent"
    }
  ],
  "x-messages": {
    "patient.created": "PatientCreatedEvent",
    "patient.updated": "PatientUpdatedEvent",
    "patient.deleted": "PatientDeletedEvent"
  },
  "$defs": {
    "CloudEventAttributes": {
      "type": "object",
      "description": "The CloudEvents 1.0 context attributes every event carries.",
      "required": [
        "specversion",
        "id",
        "source",
        "type",
        "subject",
        "time",
        "datacontenttype",
        "data"
      ],
      "properties": {
        "specversion": {
          "type": "string",
          "const": "1.0"
        },
        "id": {
          "type": "string",
          "format": "uuid",
          "description": "Unique per event; a redelivered event keeps it, so consumers deduplicate by it."
        },
        "source": {
          "type": "string",
          "format": "uri-reference",
          "description": "The producing service (`EVENT_SOURCE`, default `/patient-service`)."
        },
        "subject": {
          "type": "string",
          "format": "uuid",
          "description": "The patient id."
        },
        "time": {
          "type": "string",
          "format": "date-time",
          "description": "When the service made the change, by its clock, stamped just before the write (for created and updated events the patient's updatedAt). Not the commit time: concurrent writes can commit in another order than their times."
        },
        "datacontenttype": {
          "type": "string",
          "const": "application/json"
        }
      }
    },
    "DaySlots": {
      "type": "array",
      "maxItems": 12,
      "items": {
        "$ref": "#/$defs/TimeSlot"
      }
    },
    "LocationAvailability": {
      "type": [
        "object",
        "null"
      ],
      "description": "How far the patient can travel to therapy [räumliche Verfügbarkeit]; `null` when not known.",
      "additionalProperties": false,
      "properties": {
        "maxDistanceKm": {
          "type": "number",
          "minimum": 0,
          "maximum": 1000,
          "description": "Maximum distance in kilometres."
        },
        "maxTravelMinutes": {
          "type": "integer",
          "minimum": 0,
          "maximum": 600,
          "description": "Maximum travel time in minutes."
        }
      }
    },
    "PatientAvailability": {
      "type": "object",
      "description": "When and how far the patient can come to therapy; writable, not health data, travels in the patient events.",
      "properties": {
        "timeAvailability": {
          "description": "Time availability per weekday [zeitliche Verfügbarkeit].",
          "$ref": "#/$defs/TimeAvailability"
        },
        "locationAvailability": {
          "description": "Location availability [räumliche Verfügbarkeit].",
          "$ref": "#/$defs/LocationAvailability"
        }
      }
    },
    "PatientCreatedEvent": {
      "allOf": [
        {
          "$ref": "#/$defs/CloudEventAttributes"
        },
        {
          "type": "object",
          "required": [
            "type",
            "data"
          ],
          "properties": {
            "type": {
              "type": "string",
              "const": "patient.created"
            },
            "data": {
              "$ref": "#/$defs/PatientEventData"
            }
          }
        }
      ],
      "unevaluatedProperties": false
    },
    "PatientDeletedData": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "id"
      ],
      "properties": {
        "id": {
          "type": "string",
          "format": "uuid"
        }
      }
    },
    "PatientDeletedEvent": {
      "allOf": [
        {
          "$ref": "#/$defs/CloudEventAttributes"
        },
        {
          "type": "object",
          "required": [
            "type",
            "data"
          ],
          "properties": {
            "type": {
              "type": "string",
              "const": "patient.deleted"
            },
            "data": {
              "$ref": "#/$defs/PatientDeletedData"
            }
          }
        }
      ],
      "unevaluatedProperties": false
    },
    "PatientEventData": {
      "description": "The patient as `GET /api/patients/{id}` returns it, minus the health fields. Composed from\nthe REST contract's schemas, so the two cannot drift apart.\n",
      "allOf": [
        {
          "$ref": "#/$defs/PatientMeta"
        },
        {
          "$ref": "#/$defs/PatientProfile"
        },
        {
          "$ref": "#/$defs/PatientAvailability"
        }
      ],
      "required": [
        "id",
        "version",
        "createdAt",
        "updatedAt",
        "salutation",
        "firstName",
        "lastName",
        "dateOfBirth",
        "street",
        "postalCode",
        "city",
        "email",
        "phone",
        "primaryCarePhysician",
        "healthInsurer",
        "insuranceNumber",
        "status",
        "contractsSigned",
        "consultationAttended",
        "searchStartedOn",
        "firstTherapyPlaceOn",
        "workingTherapyPlaceOn",
        "referredBy",
        "lastContactOn",
        "timeAvailability",
        "locationAvailability",
        "transportMode",
        "openToGroupTherapy",
        "openToDigitalHealthApps",
        "preferredTherapistGender",
        "excludedTherapistIds"
      ],
      "unevaluatedProperties": false
    },
    "PatientMeta": {
      "type": "object",
      "description": "Server-set fields of a patient; read-only.",
      "properties": {
        "id": {
          "type": "string",
          "format": "uuid",
          "readOnly": true,
          "description": "Server-generated id."
        },
        "version": {
          "type": "integer",
          "minimum": 1,
          "readOnly": true,
          "description": "Version of the patient: 1 on create, +1 on every change; the `ETag`."
        },
        "createdAt": {
          "type": "string",
          "format": "date-time",
          "readOnly": true,
          "description": "When the patient was registered."
        },
        "updatedAt": {
          "type": "string",
          "format": "date-time",
          "readOnly": true,
          "description": "When the patient was last changed."
        }
      }
    },
    "PatientProfile": {
      "type": "object",
      "description": "Writable fields of a patient that are not health data: personal and contact data,\ninsurance, the search process and preferences; with `PatientAvailability`, these fields\nalso travel in the patient events. The availability objects are a group of their own\nbecause a merge patch writes them member by member (`PatientAvailabilityPatch`).\n",
      "properties": {
        "salutation": {
          "type": [
            "string",
            "null"
          ],
          "maxLength": 50,
          "description": "Salutation [Anrede]."
        },
        "firstName": {
          "type": "string",
          "minLength": 1,
          "maxLength": 100,
          "description": "First name [Vorname]."
        },
        "lastName": {
          "type": "string",
          "minLength": 1,
          "maxLength": 100,
          "description": "Last name [Nachname]."
        },
        "dateOfBirth": {
          "type": [
            "string",
            "null"
          ],
          "format": "date",
          "pattern": "^(19|2[01])[0-9]{2}-",
          "description": "Date of birth [Geburtsdatum]; from 1900-01-01, not in the future."
        },
        "street": {
          "type": [
            "string",
            "null"
          ],
          "maxLength": 200,
          "description": "Street and house number [Straße]."
        },
        "postalCode": {
          "type": [
            "string",
            "null"
          ],
          "pattern": "^[0-9]{5}$",
          "description": "German postal code, 5 digits [Postleitzahl, PLZ].",
          "examples": [
            "10115"
          ]
        },
        "city": {
          "type": [
            "string",
            "null"
          ],
          "maxLength": 100,
          "description": "City [Ort]."
        },
        "email": {
          "type": [
            "string",
            "null"
          ],
          "format": "email",
          "maxLength": 254,
          "description": "Email address [E-Mail]."
        },
        "phone": {
          "type": [
            "string",
            "null"
          ],
          "pattern": "^\\+?[0-9][0-9 ()/-]{2,29}$",
          "maxLength": 30,
          "description": "Phone number [Telefon]."
        },
        "primaryCarePhysician": {
          "type": [
            "string",
            "null"
          ],
          "maxLength": 200,
          "description": "Primary care physician [Hausarzt]."
        },
        "healthInsurer": {
          "type": [
            "string",
            "null"
          ],
          "maxLength": 100,
          "description": "Health insurer [Krankenkasse]."
        },
        "insuranceNumber": {
          "type": [
            "string",
            "null"
          ],
          "pattern": "^[A-Z][0-9]{9}$",
          "description": "Health insurance number (KVNR): one capital letter and 9 digits [Krankenversicherungsnummer].",
          "examples": [
            "A123456789"
          ]
        },
        "status": {
          "description": "Status of the search [Status]. Changes follow this graph (keeping the status is not\na change; a patient may be created in any status):\n\n| from | allowed next statuses |\n| --- | --- |\n| open | searching, search_aborted |\n| searching | in_therapy, search_aborted |\n| in_therapy | therapy_completed, therapy_aborted |\n| search_aborted | searching |\n| therapy_aborted | searching |\n| therapy_completed | searching |\n\nEntering searching sets searchStartedOn to today when it is empty, entering\nin_therapy sets firstTherapyPlaceOn; a create enters its status the same way. Any\nother change is a 409 naming the allowed next statuses.\n",
          "allOf": [
            {
              "$ref": "#/$defs/PatientStatus"
            }
          ]
        },
        "contractsSigned": {
          "type": "boolean",
          "description": "Contracts signed [Verträge unterschrieben]."
        },
        "consultationAttended": {
          "type": "boolean",
          "description": "Attended the psychotherapeutic consultation hour [psychotherapeutische Sprechstunde]."
        },
        "searchStartedOn": {
          "type": [
            "string",
            "null"
          ],
          "format": "date",
          "pattern": "^(19|2[01])[0-9]{2}-",
          "description": "Search for a therapy place started on [Beginn der Platzsuche]; 1900-01-01 to 2199-12-31."
        },
        "firstTherapyPlaceOn": {
          "type": [
            "string",
            "null"
          ],
          "format": "date",
          "pattern": "^(19|2[01])[0-9]{2}-",
          "description": "First therapy place offered on [erster Therapieplatz am]; 1900-01-01 to 2199-12-31."
        },
        "workingTherapyPlaceOn": {
          "type": [
            "string",
            "null"
          ],
          "format": "date",
          "pattern": "^(19|2[01])[0-9]{2}-",
          "description": "Working therapy place found on [funktionierender Therapieplatz am]; 1900-01-01 to 2199-12-31."
        },
        "referredBy": {
          "type": [
            "string",
            "null"
          ],
          "maxLength": 200,
          "description": "Who referred the patient [Empfehler]."
        },
        "lastContactOn": {
          "type": [
            "string",
            "null"
          ],
          "format": "date",
          "pattern": "^(19|2[01])[0-9]{2}-",
          "description": "Last contact with the patient on [letzter Kontakt am]; 1900-01-01 to 2199-12-31."
        },
        "transportMode": {
          "description": "Means of transport [Verkehrsmittel].",
          "$ref": "#/$defs/TransportMode"
        },
        "openToGroupTherapy": {
          "type": "boolean",
          "description": "Open to group therapy [offen für Gruppentherapie]."
        },
        "openToDigitalHealthApps": {
          "type": "boolean",
          "description": "Open to digital health applications [DiGA]."
        },
        "preferredTherapistGender": {
          "description": "Preferred therapist gender [bevorzugtes Geschlecht des Therapeuten].",
          "allOf": [
            {
              "$ref": "#/$defs/TherapistGenderPreference"
            }
          ]
        },
        "excludedTherapistIds": {
          "type": "array",
          "description": "Therapists the patient must not be matched with [ausgeschlossene Therapeuten].",
          "uniqueItems": true,
          "maxItems": 500,
          "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100
          }
        }
      }
    },
    "PatientStatus": {
      "type": "string",
      "description": "Where the patient is in the search for a therapy place. Changes follow this graph (keeping\nthe status is not a change; a patient may be created in any status):\n\n| from | allowed next statuses |\n| --- | --- |\n| open | searching, search_aborted |\n| searching | in_therapy, search_aborted |\n| in_therapy | therapy_completed, therapy_aborted |\n| search_aborted | searching |\n| therapy_aborted | searching |\n| therapy_completed | searching |\n\nEntering `searching` sets `searchStartedOn` to today when it is empty; entering\n`in_therapy` sets `firstTherapyPlaceOn` to today when it is empty. A create enters its\nstatus the same way (a patient created in `searching` without `searchStartedOn` starts\nthe search today; an import that knows the dates sends them and keeps them). Any other\nchange is a 409 problem naming the allowed next statuses.\n",
      "enum": [
        "open",
        "searching",
        "in_therapy",
        "therapy_completed",
        "search_aborted",
        "therapy_aborted"
      ]
    },
    "PatientUpdatedEvent": {
      "allOf": [
        {
          "$ref": "#/$defs/CloudEventAttributes"
        },
        {
          "type": "object",
          "required": [
            "type",
            "data"
          ],
          "properties": {
            "type": {
              "type": "string",
              "const": "patient.updated"
            },
            "data": {
              "$ref": "#/$defs/PatientEventData"
            }
          }
        }
      ],
      "unevaluatedProperties": false
    },
    "TherapistGenderPreference": {
      "type": "string",
      "description": "Preferred gender of the therapist.",
      "enum": [
        "male",
        "female",
        "any"
      ]
    },
    "TimeAvailability": {
      "type": [
        "object",
        "null"
      ],
      "description": "When the patient can attend therapy, per weekday [zeitliche Verfügbarkeit]; `null` when not known.",
      "additionalProperties": false,
      "properties": {
        "monday": {
          "$ref": "#/$defs/DaySlots"
        },
        "tuesday": {
          "$ref": "#/$defs/DaySlots"
        },
        "wednesday": {
          "$ref": "#/$defs/DaySlots"
        },
        "thursday": {
          "$ref": "#/$defs/DaySlots"
        },
        "friday": {
          "$ref": "#/$defs/DaySlots"
        },
        "saturday": {
          "$ref": "#/$defs/DaySlots"
        },
        "sunday": {
          "$ref": "#/$defs/DaySlots"
        }
      }
    },
    "TimeOfDay": {
      "type": "string",
      "description": "Time of day, `HH:MM` (24 h).",
      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
      "examples": [
        "08:30"
      ]
    },
    "TimeSlot": {
      "type": "object",
      "description": "A time window on one day; `from` must be before `to`.",
      "additionalProperties": false,
      "required": [
        "from",
        "to"
      ],
      "properties": {
        "from": {
          "$ref": "#/$defs/TimeOfDay"
        },
        "to": {
          "$ref": "#/$defs/TimeOfDay"
        }
      }
    },
    "TransportMode": {
      "type": [
        "string",
        "null"
      ],
      "description": "How the patient travels to therapy; `null` when not known.",
      "enum": [
        "car",
        "public_transport",
        null
      ]
    }
  }
};
