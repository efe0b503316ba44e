"""The structure of a Noark 5 (v5.0) extract, written from the standard's XML schemas (arkivstruktur.xsd,
endringslogg.xsd and metadatakatalog.xsd as published by Arkivverket, github.com/arkivverket/schemas, N5/), and
a checker for it.

Each complex type is its content model in order: an element with its least and most occurrences and its type,
or a choice between elements. A specialisation chosen by ``xsi:type`` (saksmappe, moetemappe, journalpost,
moeteregistrering, arkivnotat) is its base type's sequence followed by its own, as XML Schema extension
defines. Simple values are checked for what metadatakatalog.xsd requires: non-empty text, UUIDs for systemID
and the references to it, xs:date, xs:dateTime and xs:integer where declared.
"""
import datetime
import re
from dataclasses import dataclass

N5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
N5_LOG = "http://www.arkivverket.no/standarder/noark5/endringslogg"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
MANY = None


@dataclass(frozen=True)
class El:
    name: str
    min: int = 1
    max: int = 1  # MANY for unbounded
    type: str = None  # a complex type below, or None for a simple value


@dataclass(frozen=True)
class Choice:
    options: tuple


def opt(name, type=None):
    return El(name, 0, 1, type)


def many(name, type=None, min=0):
    return El(name, min, MANY, type)


MAPPE = [El("systemID"), El("mappeID"), El("tittel"), opt("offentligTittel"), opt("beskrivelse"), many("noekkelord"),
         opt("dokumentmedium"), many("oppbevaringssted"), El("opprettetDato"), El("opprettetAv"), El("avsluttetDato"),
         El("avsluttetAv"), many("referanseArkivdel"), opt("virksomhetsspesifikkeMetadata", "any"), many("part", "part"),
         many("kryssreferanse", "kryssreferanse"), many("merknad", "merknad"), opt("kassasjon", "kassasjon"),
         opt("skjerming", "skjerming"), opt("gradering", "gradering"),
         Choice((many("mappe", "mappe"), many("registrering", "registrering")))]
REGISTRERING = [El("systemID"), El("opprettetDato"), El("opprettetAv"), El("arkivertDato"), El("arkivertAv"),
                many("referanseArkivdel"), many("part", "part"), opt("kassasjon", "kassasjon"), opt("skjerming", "skjerming"),
                opt("gradering", "gradering"), many("dokumentbeskrivelse", "dokumentbeskrivelse"), opt("registreringsID"),
                El("tittel"), opt("offentligTittel"), opt("beskrivelse"), many("noekkelord"), many("forfatter"),
                opt("dokumentmedium"), many("oppbevaringssted"), opt("virksomhetsspesifikkeMetadata", "any"),
                many("merknad", "merknad"), many("kryssreferanse", "kryssreferanse"),
                many("korrespondansepart", "korrespondansepart")]

TYPES = {
    "arkiv": [El("systemID"), El("tittel"), opt("beskrivelse"), opt("arkivstatus"), opt("dokumentmedium"),
              many("oppbevaringssted"), El("opprettetDato"), El("opprettetAv"), El("avsluttetDato"), El("avsluttetAv"),
              many("arkivskaper", "arkivskaper", min=1),
              Choice((many("arkiv", "arkiv", min=1), many("arkivdel", "arkivdel", min=1)))],
    "arkivskaper": [El("arkivskaperID"), El("arkivskaperNavn"), opt("beskrivelse")],
    "arkivdel": [El("systemID"), El("tittel"), opt("beskrivelse"), El("arkivdelstatus"), opt("dokumentmedium"),
                 many("oppbevaringssted"), El("opprettetDato"), El("opprettetAv"), El("avsluttetDato"), El("avsluttetAv"),
                 opt("arkivperiodeStartDato"), opt("arkivperiodeSluttDato"), opt("referanseForloeper"),
                 opt("referanseArvtaker"), opt("kassasjon", "kassasjon"), opt("utfoertKassasjon", "utfoertKassasjon"),
                 opt("sletting", "sletting"), opt("skjerming", "skjerming"), opt("gradering", "gradering"),
                 Choice((many("klassifikasjonssystem", "klassifikasjonssystem"), many("mappe", "mappe"),
                         many("registrering", "registrering")))],
    "klassifikasjonssystem": [El("systemID"), opt("klassifikasjonstype"), El("tittel"), opt("beskrivelse"),
                              El("opprettetDato"), El("opprettetAv"), opt("avsluttetDato"), opt("avsluttetAv"),
                              many("klasse", "klasse", min=1)],
    "klasse": [El("systemID"), El("klasseID"), El("tittel"), opt("beskrivelse"), many("noekkelord"), El("opprettetDato"),
               El("opprettetAv"), opt("avsluttetDato"), opt("avsluttetAv"), many("kryssreferanse", "kryssreferanse"),
               opt("kassasjon", "kassasjon"), opt("skjerming", "skjerming"), opt("gradering", "gradering"),
               Choice((many("klasse", "klasse"), many("mappe", "mappe"), many("registrering", "registrering")))],
    "mappe": MAPPE,
    "saksmappe": MAPPE + [El("saksaar"), El("sakssekvensnummer"), El("saksdato"), El("administrativEnhet"),
                          El("saksansvarlig"), opt("journalenhet"), El("saksstatus"), opt("utlaantDato"), opt("utlaantTil"),
                          many("referanseSekundaerKlassifikasjon"), many("presedens", "presedens")],
    "moetemappe": MAPPE + [El("moetenummer"), El("utvalg"), El("moetedato"), opt("moetested"), opt("referanseForrigeMoete"),
                           opt("referanseNesteMoete"), many("moetedeltaker", "moetedeltaker")],
    "part": [opt("partID"), El("partNavn"), El("partRolle"), many("postadresse"), opt("postnummer"), opt("poststed"),
             opt("land"), opt("epostadresse"), many("telefonnummer"), opt("kontaktperson"),
             opt("virksomhetsspesifikkeMetadata", "any")],
    "moetedeltaker": [El("moetedeltakerNavn"), opt("moetedeltakerFunksjon")],
    "registrering": REGISTRERING,
    "journalpost": REGISTRERING + [El("journalaar"), El("journalsekvensnummer"), El("journalpostnummer"),
                                   El("journalposttype"), El("journalstatus"), El("journaldato"), opt("dokumentetsDato"),
                                   opt("mottattDato"), opt("sendtDato"), opt("forfallsdato"), opt("offentlighetsvurdertDato"),
                                   opt("antallVedlegg"), opt("utlaantDato"), opt("utlaantTil"), opt("journalenhet"),
                                   many("avskrivning", "avskrivning"), many("dokumentflyt", "dokumentflyt"),
                                   many("presedens", "presedens"), opt("elektroniskSignatur", "elektroniskSignatur")],
    "arkivnotat": REGISTRERING + [opt("dokumentetsDato"), opt("mottattDato"), opt("sendtDato"), opt("forfallsdato"),
                                  opt("offentlighetsvurdertDato"), opt("antallVedlegg"), opt("utlaantDato"),
                                  opt("utlaantTil"), many("dokumentflyt", "dokumentflyt")],
    "moeteregistrering": REGISTRERING + [El("moeteregistreringstype"), opt("moetesakstype"), opt("moeteregistreringsstatus"),
                                         El("administrativEnhet"), El("saksbehandler"),
                                         many("referanseTilMoeteregistrering"), many("referanseFraMoeteregistrering")],
    "korrespondansepart": [El("korrespondanseparttype"), El("korrespondansepartNavn"), many("postadresse"),
                           opt("postnummer"), opt("poststed"), opt("land"), opt("epostadresse"), many("telefonnummer"),
                           opt("kontaktperson"), opt("administrativEnhet"), opt("saksbehandler")],
    "avskrivning": [El("avskrivningsdato"), El("avskrevetAv"), El("avskrivningsmaate"), opt("referanseAvskrivesAvJournalpost")],
    "dokumentflyt": [El("flytTil"), El("flytFra"), El("flytMottattDato"), El("flytSendtDato"), El("flytStatus"),
                     opt("flytMerknad")],
    "dokumentbeskrivelse": [El("systemID"), El("dokumenttype"), El("dokumentstatus"), El("tittel"), opt("beskrivelse"),
                            many("forfatter"), El("opprettetDato"), El("opprettetAv"), opt("dokumentmedium"),
                            opt("oppbevaringssted"), many("referanseArkivdel"), El("tilknyttetRegistreringSom"),
                            El("dokumentnummer"), El("tilknyttetDato"), El("tilknyttetAv"), many("part", "part"),
                            many("merknad", "merknad"), opt("kassasjon", "kassasjon"), opt("utfoertKassasjon", "utfoertKassasjon"),
                            opt("sletting", "sletting"), opt("skjerming", "skjerming"), opt("gradering", "gradering"),
                            opt("elektroniskSignatur", "elektroniskSignatur"), many("dokumentobjekt", "dokumentobjekt")],
    "dokumentobjekt": [El("systemID"), El("versjonsnummer"), El("variantformat"), El("format"), opt("formatDetaljer"),
                       El("opprettetDato"), El("opprettetAv"), El("referanseDokumentfil"), El("sjekksum"),
                       El("sjekksumAlgoritme"), El("filstoerrelse"), opt("elektroniskSignatur", "elektroniskSignatur"),
                       many("konvertering", "konvertering")],
    "konvertering": [El("konvertertDato"), El("konvertertAv"), El("konvertertFraFormat"), El("konvertertTilFormat"),
                     opt("konverteringsverktoey"), opt("konverteringskommentar")],
    "kryssreferanse": [opt("referanseTilKlasse"), opt("referanseTilMappe"), opt("referanseTilRegistrering")],
    "merknad": [El("merknadstekst"), opt("merknadstype"), El("merknadsdato"), El("merknadRegistrertAv")],
    "kassasjon": [El("kassasjonsvedtak"), opt("kassasjonshjemmel"), El("bevaringstid"), El("kassasjonsdato")],
    "utfoertKassasjon": [El("kassertDato"), El("kassertAv")],
    "sletting": [El("slettingstype"), El("slettetDato"), El("slettetAv")],
    "skjerming": [El("tilgangsrestriksjon"), El("skjermingshjemmel"), many("skjermingMetadata", min=1),
                  opt("skjermingDokument"), opt("skjermingsvarighet"), opt("skjermingOpphoererDato")],
    "gradering": [El("grad"), El("graderingsdato"), El("gradertAv"), opt("nedgraderingsdato"), opt("nedgradertAv")],
    "presedens": [El("presedensDato"), El("opprettetDato"), El("opprettetAv"), El("tittel"), opt("beskrivelse"),
                  opt("presedensHjemmel"), El("rettskildefaktor"), opt("presedensGodkjentDato"), opt("presedensGodkjentAv"),
                  opt("avsluttetDato"), opt("avsluttetAv"), opt("presedensStatus")],
    "elektroniskSignatur": [El("elektroniskSignaturSikkerhetsnivaa"), El("elektroniskSignaturVerifisert"),
                            El("verifisertDato"), El("verifisertAv")],
    # endringslogg.xsd
    "endringslogg": [many("endring", "endring", min=1)],
    "endring": [El("referanseArkivenhet"), El("referanseMetadata"), El("endretDato"), El("endretAv"),
                El("tidligereVerdi"), El("nyVerdi")],
}
# What xsi:type may replace a declared type with (XML Schema extension).
DERIVED = {"saksmappe": "mappe", "moetemappe": "mappe", "journalpost": "registrering", "arkivnotat": "registrering",
           "moeteregistrering": "registrering"}

# metadatakatalog.xsd: the simple types that are not plain non-empty strings.
UUID_ELEMENTS = {"systemID", "referanseForloeper", "referanseArvtaker", "referanseArkivdel", "referanseSekundaerKlassifikasjon",
                 "referanseTilMappe", "referanseTilRegistrering", "referanseAvskrivesAvJournalpost", "referanseTilKlasse",
                 "referanseForrigeMoete", "referanseNesteMoete", "referanseTilMoeteregistrering",
                 "referanseFraMoeteregistrering", "referanseArkivenhet"}
DATE_ELEMENTS = {"saksdato", "journaldato", "moetedato", "dokumentetsDato", "utlaantDato", "arkivperiodeStartDato",
                 "arkivperiodeSluttDato", "forfallsdato", "offentlighetsvurdertDato", "presedensDato", "kassasjonsdato",
                 "skjermingOpphoererDato", "avskrivningsdato", "verifisertDato"}
DATE_TIME_ELEMENTS = {"mottattDato", "sendtDato", "opprettetDato", "avsluttetDato", "arkivertDato", "merknadsdato",
                      "slettetDato", "konvertertDato", "tilknyttetDato", "graderingsdato", "nedgraderingsdato",
                      "presedensGodkjentDato", "kassertDato", "flytMottattDato", "flytSendtDato", "endretDato"}
INTEGER_ELEMENTS = {"versjonsnummer", "dokumentnummer", "saksaar", "sakssekvensnummer", "journalaar",
                    "journalsekvensnummer", "journalpostnummer", "antallVedlegg", "bevaringstid", "skjermingsvarighet",
                    "filstoerrelse"}
UUID = re.compile(r"^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$")


def _local(tag):
    return tag.split("}", 1)[1] if "}" in tag else tag


def _simple_problem(name, text):
    text = (text or "").strip()
    if not text:
        return "is empty"
    if name in UUID_ELEMENTS and not UUID.match(text):
        return f"{text!r} is not a UUID"
    try:
        if name in DATE_ELEMENTS:
            datetime.date.fromisoformat(text)
        elif name in DATE_TIME_ELEMENTS and "T" not in text:
            return f"{text!r} is not an xs:dateTime"
        elif name in DATE_TIME_ELEMENTS:
            datetime.datetime.fromisoformat(text)
        elif name in INTEGER_ELEMENTS:
            int(text)
    except ValueError:
        return f"{text!r} has the wrong type"
    return None


def problems(element, type_name, namespace, path=None):
    """Everything in ``element`` (of declared ``type_name``) that breaks the schema's structure, as readable lines."""
    path = path or _local(element.tag)
    found = []
    if not element.tag.startswith(f"{{{namespace}}}"):
        return [f"{path}: not in the namespace {namespace}"]
    chosen = element.get(XSI_TYPE)
    if chosen:
        if DERIVED.get(chosen) != type_name:
            return [f"{path}: xsi:type {chosen!r} does not extend {type_name!r}"]
        type_name = chosen
    if type_name == "any":
        return []
    children = list(element)
    position = 0
    for particle in TYPES[type_name]:
        if isinstance(particle, Choice):
            name = _local(children[position].tag) if position < len(children) else None
            matching = [option for option in particle.options if option.name == name]
            if not matching:
                if all(option.min == 0 for option in particle.options):
                    continue
                found.append(f"{path}: expected one of {[o.name for o in particle.options]} at position {position + 1}, found {name}")
                continue
            particle = matching[0]
        count = 0
        while position < len(children) and _local(children[position].tag) == particle.name:
            child = children[position]
            child_path = f"{path}/{particle.name}[{count + 1}]"
            if particle.type:
                found += problems(child, particle.type, namespace, child_path)
            else:
                problem = _simple_problem(particle.name, child.text)
                if problem:
                    found.append(f"{child_path}: {problem}")
            count += 1
            position += 1
        if count < particle.min:
            found.append(f"{path}: {particle.name} is required here (position {position + 1}) but missing")
        if particle.max is not MANY and count > particle.max:
            found.append(f"{path}: {particle.name} occurs {count} times, at most {particle.max} allowed")
    if position < len(children):
        found.append(f"{path}: unexpected element {_local(children[position].tag)!r} at position {position + 1} "
                     f"(wrong order or not in {type_name})")
    return found
