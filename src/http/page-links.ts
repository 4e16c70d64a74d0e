/**
 * The RFC 8288 `Link` header of a list page: the request's own URL with `cursor` set to the
 * page's `next`/`prev` cursor (and no `offset`), so a client can follow `rel="next"` as it is.
 */
export function pageLinks(requestUrl: string, page: { next?: string; prev?: string }): string | undefined {
  const url = new URL(requestUrl, 'http://service.invalid');
  const link = (cursor: string, rel: string): string => {
    const params = new URLSearchParams(url.search);
    params.delete('offset');
    params.set('cursor', cursor);
    return `<${url.pathname}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [page.next && link(page.next, 'next'), page.prev && link(page.prev, 'prev')].filter(Boolean);
  return links.length > 0 ? links.join(', ') : undefined;
}
