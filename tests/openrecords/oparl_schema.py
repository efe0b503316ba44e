"""The OParl 1.1 object schema, written from the published specification (https://dev.oparl.org/spezifikation,
the JSON schema files of github.com/OParl/spec, «schema/*.json»), and a checker for it.

Per object type: the properties the specification requires, and the type and format of every property it
defines. The checker refuses a missing required property, a property the specification does not define, a
value of the wrong type or format, and a ``type`` other than ``https://schema.oparl.org/1.1/<Type>``.
Embedded objects (a Meeting's agenda items, a Paper's consultations and files, a Person's memberships) are
checked against their own type.
"""
import datetime
import re

STRING, URL, DATE_TIME, DATE, BOOLEAN, INTEGER = "string", "url", "date-time", "date", "boolean", "integer"


def array(item):
    return ("array", item)


def obj(name):
    return ("object", name)


# Properties every object type may carry (OParl 1.1, «Eigenschaften mit Verwendung in mehreren Objekttypen»).
COMMON = {"id": URL, "type": STRING, "keyword": array(STRING), "created": DATE_TIME, "modified": DATE_TIME, "web": URL,
          "deleted": BOOLEAN, "license": URL}

SCHEMA = {
    "System": {
        "required": ["id", "type", "oparlVersion", "body"],
        "properties": {"oparlVersion": STRING, "otherOparlVersions": array(URL), "body": URL, "name": STRING,
                       "contactEmail": STRING, "contactName": STRING, "website": URL, "vendor": URL, "product": URL},
    },
    "Body": {
        "required": ["id", "type", "name", "organization", "person", "meeting", "paper", "legislativeTerm"],
        "properties": {"system": URL, "shortName": STRING, "name": STRING, "website": URL, "licenseValidSince": DATE_TIME,
                       "oparlSince": DATE_TIME, "ags": STRING, "rgs": STRING, "equivalent": array(URL),
                       "contactEmail": STRING, "contactName": STRING, "organization": URL, "person": URL, "meeting": URL,
                       "paper": URL, "legislativeTerm": array(obj("LegislativeTerm")), "agendaItem": URL,
                       "consultation": URL, "file": URL, "locationList": URL, "legislativeTermList": URL,
                       "membership": URL, "classification": STRING, "location": obj("Location")},
    },
    "LegislativeTerm": {
        "required": ["id", "type"],
        "properties": {"body": URL, "name": STRING, "startDate": DATE, "endDate": DATE},
    },
    "Organization": {
        "required": ["id", "type"],
        "properties": {"body": URL, "name": STRING, "membership": array(URL), "meeting": URL, "consultation": URL,
                       "shortName": STRING, "post": array(STRING), "subOrganizationOf": URL, "organizationType": STRING,
                       "classification": STRING, "startDate": DATE, "endDate": DATE, "website": URL,
                       "location": obj("Location"), "externalBody": URL},
    },
    "Person": {
        "required": ["id", "type"],
        "properties": {"body": URL, "name": STRING, "familyName": STRING, "givenName": STRING, "formOfAddress": STRING,
                       "affix": STRING, "title": array(STRING), "gender": STRING, "phone": array(STRING),
                       "email": array(STRING), "location": URL, "locationObject": obj("Location"), "status": array(STRING),
                       "membership": array(obj("Membership")), "life": STRING, "lifeSource": STRING},
    },
    "Membership": {
        "required": ["id", "type"],
        "properties": {"person": URL, "organization": URL, "role": STRING, "votingRight": BOOLEAN, "startDate": DATE,
                       "endDate": DATE, "onBehalfOf": URL},
    },
    "Meeting": {
        "required": ["id", "type"],
        "properties": {"name": STRING, "meetingState": STRING, "cancelled": BOOLEAN, "start": DATE_TIME, "end": DATE_TIME,
                       "location": obj("Location"), "organization": array(URL), "participant": array(URL),
                       "invitation": obj("File"), "resultsProtocol": obj("File"), "verbatimProtocol": obj("File"),
                       "auxiliaryFile": array(obj("File")), "agendaItem": array(obj("AgendaItem"))},
    },
    "AgendaItem": {
        "required": ["id", "type"],
        "properties": {"meeting": URL, "number": STRING, "order": INTEGER, "name": STRING, "public": BOOLEAN,
                       "consultation": URL, "result": STRING, "resolutionText": STRING, "resolutionFile": obj("File"),
                       "auxiliaryFile": array(obj("File")), "start": DATE_TIME, "end": DATE_TIME},
    },
    "Paper": {
        "required": ["id", "type"],
        "properties": {"body": URL, "name": STRING, "reference": STRING, "date": DATE, "paperType": STRING,
                       "relatedPaper": array(URL), "superordinatedPaper": array(URL), "subordinatedPaper": array(URL),
                       "mainFile": obj("File"), "auxiliaryFile": array(obj("File")), "location": array(obj("Location")),
                       "originatorPerson": array(URL), "underDirectionOf": array(URL),
                       "originatorOrganization": array(URL), "consultation": array(obj("Consultation"))},
    },
    "Consultation": {
        "required": ["id", "type"],
        "properties": {"paper": URL, "agendaItem": URL, "meeting": URL, "organization": array(URL),
                       "authoritative": BOOLEAN, "role": STRING},
    },
    "File": {
        "required": ["id", "type", "accessUrl"],
        "properties": {"name": STRING, "fileName": STRING, "mimeType": STRING, "date": DATE, "size": INTEGER,
                       "sha1Checksum": STRING, "sha512Checksum": STRING, "text": STRING, "accessUrl": URL,
                       "downloadUrl": URL, "externalServiceUrl": URL, "masterFile": URL, "derivativeFile": array(URL),
                       "fileLicense": URL, "meeting": array(URL), "agendaItem": array(URL), "paper": array(URL)},
    },
    "Location": {
        "required": ["id", "type"],
        "properties": {"description": STRING, "geojson": ("any", None), "streetAddress": STRING, "room": STRING,
                       "postalCode": STRING, "subLocality": STRING, "locality": STRING, "bodies": array(URL),
                       "organizations": array(URL), "persons": array(URL), "meetings": array(URL), "papers": array(URL)},
    },
}
TYPE_PATTERN = re.compile(r"^https://schema\.oparl\.org/1\.1/(\w+)$")


def _format_problem(kind, value):
    if kind == STRING:
        return None if isinstance(value, str) else "is not a string"
    if kind == URL:
        return None if isinstance(value, str) and re.match(r"^https?://\S+$", value) else "is not a URL"
    if kind == BOOLEAN:
        return None if isinstance(value, bool) else "is not a boolean"
    if kind == INTEGER:
        return None if isinstance(value, int) and not isinstance(value, bool) else "is not an integer"
    if kind == DATE_TIME:
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return "is not an ISO 8601 date-time"
        return None if moment.tzinfo is not None and "T" in value else "is a date-time without a time zone"
    if kind == DATE:
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return "is not an ISO 8601 date"
        return None
    raise AssertionError(kind)


def problems(data, expected_type=None, path="$"):
    """Everything in ``data`` that breaks the OParl 1.1 schema, as readable lines (empty when it conforms)."""
    found = []
    if not isinstance(data, dict):
        return [f"{path}: is not an object"]
    match = TYPE_PATTERN.match(data.get("type", "") or "")
    if not match:
        return [f"{path}.type: {data.get('type')!r} is not https://schema.oparl.org/1.1/<Type>"]
    name = match.group(1)
    if expected_type and name != expected_type:
        found.append(f"{path}.type: {name}, expected {expected_type}")
    if name not in SCHEMA:
        return found + [f"{path}.type: {name} is not an OParl 1.1 object type"]
    schema = SCHEMA[name]
    properties = {**COMMON, **schema["properties"]}
    for key in schema["required"]:
        if key not in data:
            found.append(f"{path}: required property {key!r} of {name} is missing")
    for key, value in data.items():
        if key not in properties:
            found.append(f"{path}.{key}: {name} has no such property in OParl 1.1")
            continue
        found += _value_problems(properties[key], value, f"{path}.{key}")
    return found


def _value_problems(kind, value, path):
    if isinstance(kind, tuple):
        shape, inner = kind
        if shape == "any":
            return []
        if shape == "array":
            if not isinstance(value, list):
                return [f"{path}: is not an array"]
            return [problem for n, item in enumerate(value) for problem in _value_problems(inner, item, f"{path}[{n}]")]
        if shape == "object":
            return problems(value, inner, path)
    problem = _format_problem(kind, value)
    return [f"{path}: {value!r} {problem}"] if problem else []


def embedded_objects(data):
    """Every OParl object inside ``data`` (itself included), with its type name."""
    if isinstance(data, dict):
        match = TYPE_PATTERN.match(data.get("type", "") or "") if isinstance(data.get("type"), str) else None
        if match:
            yield match.group(1), data
        for value in data.values():
            yield from embedded_objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from embedded_objects(value)
