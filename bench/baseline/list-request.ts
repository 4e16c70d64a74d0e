import type { ListQuery } from '../../src/patients/list-query';

type Sort = ListQuery['sort'];
type Gender = NonNullable<ListQuery['preferredTherapistGender']>;
type Total = ListQuery['total'];

/**
 * A list request's query string as the service's validator hands it to the service: repeated
 * `status`, numbers coerced, openapi.yaml's defaults applied. The bench trusts its own
 * requests; nothing here validates.
 */
export function listQueryOf(search: URLSearchParams): ListQuery {
  const query: ListQuery = {
    sort: (search.get('sort') ?? '-createdAt') as Sort,
    limit: Number(search.get('limit') ?? 20),
    offset: Number(search.get('offset') ?? 0),
    total: (search.get('total') ?? 'estimate') as Total,
    phonetic: search.get('phonetic') === 'true',
  };
  const statuses = search.getAll('status') as NonNullable<ListQuery['status']>;
  if (statuses.length > 0) query.status = statuses;
  const gender = search.get('preferredTherapistGender');
  if (gender) query.preferredTherapistGender = gender as Gender;
  for (const key of ['postalCode', 'city', 'search', 'dateOfBirth', 'insuranceNumber', 'createdAfter', 'updatedAfter', 'cursor'] as const) {
    const value = search.get(key);
    if (value) query[key] = value;
  }
  return query;
}
