import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_patients_sort import ListPatientsSort
from ...models.list_patients_total import ListPatientsTotal
from ...models.patient_page import PatientPage
from ...models.patient_status import PatientStatus
from ...models.problem import Problem
from ...models.therapist_gender_preference import (
    TherapistGenderPreference,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    phonetic: bool | Unset = False,
    date_of_birth: datetime.date | Unset = UNSET,
    insurance_number: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    cursor: str | Unset = UNSET,
    total: ListPatientsTotal | Unset = "estimate",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item: str = status_item_data
            json_status.append(status_item)

    params["status"] = json_status

    json_preferred_therapist_gender: str | Unset = UNSET
    if not isinstance(preferred_therapist_gender, Unset):
        json_preferred_therapist_gender = preferred_therapist_gender

    params["preferredTherapistGender"] = json_preferred_therapist_gender

    params["postalCode"] = postal_code

    params["city"] = city

    params["search"] = search

    params["phonetic"] = phonetic

    json_date_of_birth: str | Unset = UNSET
    if not isinstance(date_of_birth, Unset):
        json_date_of_birth = date_of_birth.isoformat()
    params["dateOfBirth"] = json_date_of_birth

    params["insuranceNumber"] = insurance_number

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["createdAfter"] = json_created_after

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updatedAfter"] = json_updated_after

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params["cursor"] = cursor

    json_total: str | Unset = UNSET
    if not isinstance(total, Unset):
        json_total = total

    params["total"] = json_total

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/patients",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PatientPage | Problem | None:
    if response.status_code == 200:
        response_200 = PatientPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PatientPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    phonetic: bool | Unset = False,
    date_of_birth: datetime.date | Unset = UNSET,
    insurance_number: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    cursor: str | Unset = UNSET,
    total: ListPatientsTotal | Unset = "estimate",
) -> Response[PatientPage | Problem]:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    ## Folding rules (search and city)
    Names, emails and cities are compared folded, and the folding is the same for the stored
    value and for what you send:
    - **case** does not matter: `MÜLLER`, `müller` and `Müller` are the same;
    - **umlauts in both spellings**: ä, ö, ü match their spelled-out form ae, oe, ue and the
      bare vowel a, o, u: `mueller`, `muller` and `Müller` all find Müller; `oezdemir` and
      `ozdemir` find Özdemir; `koeln`, `koln` and `Köln` find Köln;
    - **ß is ss**: `gross` finds Groß, `Groß` finds Gross;
    - **other diacritics are dropped**: `jose` finds José, `sahin` finds Şahin, `lukasz`
      finds Łukasz.
    A name written with "ue" in the record (Mueller) is found by `mueller` and `Müller`, not
    by `muller`: nothing tells a spelled-out umlaut from an "u" followed by an "e".

    ## Phonetic search (`phonetic=true`)
    With `phonetic=true` the words of `search` are compared by how they sound, with Kölner
    Phonetik (Cologne phonetic, Postel 1969, the German standard for names), instead of as
    substrings: every word must match a part of the first or the last name with the same
    code. The parts of a name are its pieces between spaces, hyphens and other non-letters
    (double names, several first names), and a search word is split the same way:
    `Lüdenscheidt` finds Müller-Lüdenscheidt, and so does `Mueller-Luedenscheid` (both its
    parts match). The email is not compared.
    The code of a part is computed after the folding above (ä, ö, ü are their vowel, ß is
    ss, other diacritics dropped): each letter becomes a digit by itself and its neighbours
    (a, e, i, j, o, u, y 0; b 1; p 1, before h 3; d, t 2, before c, s, z 8; f, v, w 3;
    g, k, q 4; c 4 before a, h, k, o, q, u, x unless after s or z, and at the start also
    before l and r, else 8; x 48, after c, k, q 8; l 5; m, n 6; r 7; s, z 8; h none),
    repeated digits are collapsed, and every 0 but a leading one is dropped. For example:
    - `Maier`, `Meier`, `Mayer`, `Meyer`, `Mair` and `Mayr` are all 67: each finds the
      others, not Müller (657). So is the first name Maria: sounding alike is the point;
    - `Schmidt`, `Schmitt` and `Schmid` are 862; `Schneider` and `Schnieder` 8627;
    - `Müller`, `Mueller`, `Muller` and `Möller` are 657;
    - `Fischer` and `Vischer` are 387; `Philipp` and `Filip` 351; `Christoph` and `Kristof` 47823;
    - `Müller-Lüdenscheidt` is 657 and 52682 (the whole word would be 65752682), `Wikipedia` 3412.
    `Anna Maier` finds Anna Meyer, not Anna Schmidt; parts match whole (`Mai` is 6 and does
    not find Maier); a search with no letter at all matches nobody. `phonetic=true` without
    `search` is a 400 problem (`query.phonetic`).

    ## Paging
    Every page carries an opaque `next` cursor (when there are more matches) and a `prev`
    cursor (when there are earlier ones), also as `Link` headers (RFC 8288, `rel="next"` and
    `rel="prev"`). Send one back as `cursor`, with the same filters and `sort`, within 24
    hours, to get the adjacent page: a deep page costs what the first one costs. A cursor is
    sealed (encrypted and authenticated): it shows nothing of the page, and any change to it
    makes it a 400. `offset` still works up to
    10,000; beyond that the answer is a 400 problem `offset-too-large` that points to the
    cursor.

    ## Total
    `total=estimate` (the default) counts exactly while the matches are few (up to 10,000 by
    default, `LIST_EXACT_TOTAL_LIMIT`) and above that returns the database planner's
    estimate, with `totalEstimated: true`; when the planner already expects more than twice
    that many, it does not count at all. `total=accurate` always counts exactly (slow on
    large unfiltered lists). A search always counts exactly: its matches are read anyway to
    sort them.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        phonetic (bool | Unset):  Default: False.
        date_of_birth (datetime.date | Unset):
        insurance_number (str | Unset):
        created_after (datetime.datetime | Unset):
        updated_after (datetime.datetime | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        cursor (str | Unset):
        total (ListPatientsTotal | Unset):  Default: 'estimate'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PatientPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        preferred_therapist_gender=preferred_therapist_gender,
        postal_code=postal_code,
        city=city,
        search=search,
        phonetic=phonetic,
        date_of_birth=date_of_birth,
        insurance_number=insurance_number,
        created_after=created_after,
        updated_after=updated_after,
        sort=sort,
        limit=limit,
        offset=offset,
        cursor=cursor,
        total=total,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    phonetic: bool | Unset = False,
    date_of_birth: datetime.date | Unset = UNSET,
    insurance_number: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    cursor: str | Unset = UNSET,
    total: ListPatientsTotal | Unset = "estimate",
) -> PatientPage | Problem | None:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    ## Folding rules (search and city)
    Names, emails and cities are compared folded, and the folding is the same for the stored
    value and for what you send:
    - **case** does not matter: `MÜLLER`, `müller` and `Müller` are the same;
    - **umlauts in both spellings**: ä, ö, ü match their spelled-out form ae, oe, ue and the
      bare vowel a, o, u: `mueller`, `muller` and `Müller` all find Müller; `oezdemir` and
      `ozdemir` find Özdemir; `koeln`, `koln` and `Köln` find Köln;
    - **ß is ss**: `gross` finds Groß, `Groß` finds Gross;
    - **other diacritics are dropped**: `jose` finds José, `sahin` finds Şahin, `lukasz`
      finds Łukasz.
    A name written with "ue" in the record (Mueller) is found by `mueller` and `Müller`, not
    by `muller`: nothing tells a spelled-out umlaut from an "u" followed by an "e".

    ## Phonetic search (`phonetic=true`)
    With `phonetic=true` the words of `search` are compared by how they sound, with Kölner
    Phonetik (Cologne phonetic, Postel 1969, the German standard for names), instead of as
    substrings: every word must match a part of the first or the last name with the same
    code. The parts of a name are its pieces between spaces, hyphens and other non-letters
    (double names, several first names), and a search word is split the same way:
    `Lüdenscheidt` finds Müller-Lüdenscheidt, and so does `Mueller-Luedenscheid` (both its
    parts match). The email is not compared.
    The code of a part is computed after the folding above (ä, ö, ü are their vowel, ß is
    ss, other diacritics dropped): each letter becomes a digit by itself and its neighbours
    (a, e, i, j, o, u, y 0; b 1; p 1, before h 3; d, t 2, before c, s, z 8; f, v, w 3;
    g, k, q 4; c 4 before a, h, k, o, q, u, x unless after s or z, and at the start also
    before l and r, else 8; x 48, after c, k, q 8; l 5; m, n 6; r 7; s, z 8; h none),
    repeated digits are collapsed, and every 0 but a leading one is dropped. For example:
    - `Maier`, `Meier`, `Mayer`, `Meyer`, `Mair` and `Mayr` are all 67: each finds the
      others, not Müller (657). So is the first name Maria: sounding alike is the point;
    - `Schmidt`, `Schmitt` and `Schmid` are 862; `Schneider` and `Schnieder` 8627;
    - `Müller`, `Mueller`, `Muller` and `Möller` are 657;
    - `Fischer` and `Vischer` are 387; `Philipp` and `Filip` 351; `Christoph` and `Kristof` 47823;
    - `Müller-Lüdenscheidt` is 657 and 52682 (the whole word would be 65752682), `Wikipedia` 3412.
    `Anna Maier` finds Anna Meyer, not Anna Schmidt; parts match whole (`Mai` is 6 and does
    not find Maier); a search with no letter at all matches nobody. `phonetic=true` without
    `search` is a 400 problem (`query.phonetic`).

    ## Paging
    Every page carries an opaque `next` cursor (when there are more matches) and a `prev`
    cursor (when there are earlier ones), also as `Link` headers (RFC 8288, `rel="next"` and
    `rel="prev"`). Send one back as `cursor`, with the same filters and `sort`, within 24
    hours, to get the adjacent page: a deep page costs what the first one costs. A cursor is
    sealed (encrypted and authenticated): it shows nothing of the page, and any change to it
    makes it a 400. `offset` still works up to
    10,000; beyond that the answer is a 400 problem `offset-too-large` that points to the
    cursor.

    ## Total
    `total=estimate` (the default) counts exactly while the matches are few (up to 10,000 by
    default, `LIST_EXACT_TOTAL_LIMIT`) and above that returns the database planner's
    estimate, with `totalEstimated: true`; when the planner already expects more than twice
    that many, it does not count at all. `total=accurate` always counts exactly (slow on
    large unfiltered lists). A search always counts exactly: its matches are read anyway to
    sort them.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        phonetic (bool | Unset):  Default: False.
        date_of_birth (datetime.date | Unset):
        insurance_number (str | Unset):
        created_after (datetime.datetime | Unset):
        updated_after (datetime.datetime | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        cursor (str | Unset):
        total (ListPatientsTotal | Unset):  Default: 'estimate'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PatientPage | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        preferred_therapist_gender=preferred_therapist_gender,
        postal_code=postal_code,
        city=city,
        search=search,
        phonetic=phonetic,
        date_of_birth=date_of_birth,
        insurance_number=insurance_number,
        created_after=created_after,
        updated_after=updated_after,
        sort=sort,
        limit=limit,
        offset=offset,
        cursor=cursor,
        total=total,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    phonetic: bool | Unset = False,
    date_of_birth: datetime.date | Unset = UNSET,
    insurance_number: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    cursor: str | Unset = UNSET,
    total: ListPatientsTotal | Unset = "estimate",
) -> Response[PatientPage | Problem]:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    ## Folding rules (search and city)
    Names, emails and cities are compared folded, and the folding is the same for the stored
    value and for what you send:
    - **case** does not matter: `MÜLLER`, `müller` and `Müller` are the same;
    - **umlauts in both spellings**: ä, ö, ü match their spelled-out form ae, oe, ue and the
      bare vowel a, o, u: `mueller`, `muller` and `Müller` all find Müller; `oezdemir` and
      `ozdemir` find Özdemir; `koeln`, `koln` and `Köln` find Köln;
    - **ß is ss**: `gross` finds Groß, `Groß` finds Gross;
    - **other diacritics are dropped**: `jose` finds José, `sahin` finds Şahin, `lukasz`
      finds Łukasz.
    A name written with "ue" in the record (Mueller) is found by `mueller` and `Müller`, not
    by `muller`: nothing tells a spelled-out umlaut from an "u" followed by an "e".

    ## Phonetic search (`phonetic=true`)
    With `phonetic=true` the words of `search` are compared by how they sound, with Kölner
    Phonetik (Cologne phonetic, Postel 1969, the German standard for names), instead of as
    substrings: every word must match a part of the first or the last name with the same
    code. The parts of a name are its pieces between spaces, hyphens and other non-letters
    (double names, several first names), and a search word is split the same way:
    `Lüdenscheidt` finds Müller-Lüdenscheidt, and so does `Mueller-Luedenscheid` (both its
    parts match). The email is not compared.
    The code of a part is computed after the folding above (ä, ö, ü are their vowel, ß is
    ss, other diacritics dropped): each letter becomes a digit by itself and its neighbours
    (a, e, i, j, o, u, y 0; b 1; p 1, before h 3; d, t 2, before c, s, z 8; f, v, w 3;
    g, k, q 4; c 4 before a, h, k, o, q, u, x unless after s or z, and at the start also
    before l and r, else 8; x 48, after c, k, q 8; l 5; m, n 6; r 7; s, z 8; h none),
    repeated digits are collapsed, and every 0 but a leading one is dropped. For example:
    - `Maier`, `Meier`, `Mayer`, `Meyer`, `Mair` and `Mayr` are all 67: each finds the
      others, not Müller (657). So is the first name Maria: sounding alike is the point;
    - `Schmidt`, `Schmitt` and `Schmid` are 862; `Schneider` and `Schnieder` 8627;
    - `Müller`, `Mueller`, `Muller` and `Möller` are 657;
    - `Fischer` and `Vischer` are 387; `Philipp` and `Filip` 351; `Christoph` and `Kristof` 47823;
    - `Müller-Lüdenscheidt` is 657 and 52682 (the whole word would be 65752682), `Wikipedia` 3412.
    `Anna Maier` finds Anna Meyer, not Anna Schmidt; parts match whole (`Mai` is 6 and does
    not find Maier); a search with no letter at all matches nobody. `phonetic=true` without
    `search` is a 400 problem (`query.phonetic`).

    ## Paging
    Every page carries an opaque `next` cursor (when there are more matches) and a `prev`
    cursor (when there are earlier ones), also as `Link` headers (RFC 8288, `rel="next"` and
    `rel="prev"`). Send one back as `cursor`, with the same filters and `sort`, within 24
    hours, to get the adjacent page: a deep page costs what the first one costs. A cursor is
    sealed (encrypted and authenticated): it shows nothing of the page, and any change to it
    makes it a 400. `offset` still works up to
    10,000; beyond that the answer is a 400 problem `offset-too-large` that points to the
    cursor.

    ## Total
    `total=estimate` (the default) counts exactly while the matches are few (up to 10,000 by
    default, `LIST_EXACT_TOTAL_LIMIT`) and above that returns the database planner's
    estimate, with `totalEstimated: true`; when the planner already expects more than twice
    that many, it does not count at all. `total=accurate` always counts exactly (slow on
    large unfiltered lists). A search always counts exactly: its matches are read anyway to
    sort them.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        phonetic (bool | Unset):  Default: False.
        date_of_birth (datetime.date | Unset):
        insurance_number (str | Unset):
        created_after (datetime.datetime | Unset):
        updated_after (datetime.datetime | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        cursor (str | Unset):
        total (ListPatientsTotal | Unset):  Default: 'estimate'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PatientPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        preferred_therapist_gender=preferred_therapist_gender,
        postal_code=postal_code,
        city=city,
        search=search,
        phonetic=phonetic,
        date_of_birth=date_of_birth,
        insurance_number=insurance_number,
        created_after=created_after,
        updated_after=updated_after,
        sort=sort,
        limit=limit,
        offset=offset,
        cursor=cursor,
        total=total,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: list[PatientStatus] | Unset = UNSET,
    preferred_therapist_gender: TherapistGenderPreference | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    city: str | Unset = UNSET,
    search: str | Unset = UNSET,
    phonetic: bool | Unset = False,
    date_of_birth: datetime.date | Unset = UNSET,
    insurance_number: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    sort: ListPatientsSort | Unset = "-createdAt",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    cursor: str | Unset = UNSET,
    total: ListPatientsTotal | Unset = "estimate",
) -> PatientPage | Problem | None:
    """List patients

     Filtered, sorted and paginated list of patients. Filters combine with AND; `status` may be
    given several times (any of them matches). Ties of the sort key are broken by `id`, so
    pages are stable.

    ## Folding rules (search and city)
    Names, emails and cities are compared folded, and the folding is the same for the stored
    value and for what you send:
    - **case** does not matter: `MÜLLER`, `müller` and `Müller` are the same;
    - **umlauts in both spellings**: ä, ö, ü match their spelled-out form ae, oe, ue and the
      bare vowel a, o, u: `mueller`, `muller` and `Müller` all find Müller; `oezdemir` and
      `ozdemir` find Özdemir; `koeln`, `koln` and `Köln` find Köln;
    - **ß is ss**: `gross` finds Groß, `Groß` finds Gross;
    - **other diacritics are dropped**: `jose` finds José, `sahin` finds Şahin, `lukasz`
      finds Łukasz.
    A name written with "ue" in the record (Mueller) is found by `mueller` and `Müller`, not
    by `muller`: nothing tells a spelled-out umlaut from an "u" followed by an "e".

    ## Phonetic search (`phonetic=true`)
    With `phonetic=true` the words of `search` are compared by how they sound, with Kölner
    Phonetik (Cologne phonetic, Postel 1969, the German standard for names), instead of as
    substrings: every word must match a part of the first or the last name with the same
    code. The parts of a name are its pieces between spaces, hyphens and other non-letters
    (double names, several first names), and a search word is split the same way:
    `Lüdenscheidt` finds Müller-Lüdenscheidt, and so does `Mueller-Luedenscheid` (both its
    parts match). The email is not compared.
    The code of a part is computed after the folding above (ä, ö, ü are their vowel, ß is
    ss, other diacritics dropped): each letter becomes a digit by itself and its neighbours
    (a, e, i, j, o, u, y 0; b 1; p 1, before h 3; d, t 2, before c, s, z 8; f, v, w 3;
    g, k, q 4; c 4 before a, h, k, o, q, u, x unless after s or z, and at the start also
    before l and r, else 8; x 48, after c, k, q 8; l 5; m, n 6; r 7; s, z 8; h none),
    repeated digits are collapsed, and every 0 but a leading one is dropped. For example:
    - `Maier`, `Meier`, `Mayer`, `Meyer`, `Mair` and `Mayr` are all 67: each finds the
      others, not Müller (657). So is the first name Maria: sounding alike is the point;
    - `Schmidt`, `Schmitt` and `Schmid` are 862; `Schneider` and `Schnieder` 8627;
    - `Müller`, `Mueller`, `Muller` and `Möller` are 657;
    - `Fischer` and `Vischer` are 387; `Philipp` and `Filip` 351; `Christoph` and `Kristof` 47823;
    - `Müller-Lüdenscheidt` is 657 and 52682 (the whole word would be 65752682), `Wikipedia` 3412.
    `Anna Maier` finds Anna Meyer, not Anna Schmidt; parts match whole (`Mai` is 6 and does
    not find Maier); a search with no letter at all matches nobody. `phonetic=true` without
    `search` is a 400 problem (`query.phonetic`).

    ## Paging
    Every page carries an opaque `next` cursor (when there are more matches) and a `prev`
    cursor (when there are earlier ones), also as `Link` headers (RFC 8288, `rel="next"` and
    `rel="prev"`). Send one back as `cursor`, with the same filters and `sort`, within 24
    hours, to get the adjacent page: a deep page costs what the first one costs. A cursor is
    sealed (encrypted and authenticated): it shows nothing of the page, and any change to it
    makes it a 400. `offset` still works up to
    10,000; beyond that the answer is a 400 problem `offset-too-large` that points to the
    cursor.

    ## Total
    `total=estimate` (the default) counts exactly while the matches are few (up to 10,000 by
    default, `LIST_EXACT_TOTAL_LIMIT`) and above that returns the database planner's
    estimate, with `totalEstimated: true`; when the planner already expects more than twice
    that many, it does not count at all. `total=accurate` always counts exactly (slow on
    large unfiltered lists). A search always counts exactly: its matches are read anyway to
    sort them.

    Args:
        status (list[PatientStatus] | Unset):
        preferred_therapist_gender (TherapistGenderPreference | Unset): Preferred gender of the
            therapist.
        postal_code (str | Unset): German postal code (PLZ), 5 digits.
        city (str | Unset):
        search (str | Unset):
        phonetic (bool | Unset):  Default: False.
        date_of_birth (datetime.date | Unset):
        insurance_number (str | Unset):
        created_after (datetime.datetime | Unset):
        updated_after (datetime.datetime | Unset):
        sort (ListPatientsSort | Unset):  Default: '-createdAt'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        cursor (str | Unset):
        total (ListPatientsTotal | Unset):  Default: 'estimate'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PatientPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            preferred_therapist_gender=preferred_therapist_gender,
            postal_code=postal_code,
            city=city,
            search=search,
            phonetic=phonetic,
            date_of_birth=date_of_birth,
            insurance_number=insurance_number,
            created_after=created_after,
            updated_after=updated_after,
            sort=sort,
            limit=limit,
            offset=offset,
            cursor=cursor,
            total=total,
        )
    ).parsed
