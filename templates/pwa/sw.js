{#- Serambi's service worker, rendered per region by webapp/core/pwa.py (Jinja comments like this one are not sent).
Pages: network-first into the page cache P (never private ones, never htmx fragments: only whole documents), each
stamped with the time it was stored (header X); at most max_pages pages and max_days days, the longest-stored dropped
first. Offline, a stored page is shown with layout.html's note un-hidden and its <time> filled ("shown as it was on"),
in the page's language; a page older than max_days is not shown (the offline page is, with its note).
Refresh: offline_pages() and a person's own report pages (paths matching T: remembered when opened, also when landed
on after filing) are fetched again at install and then at most every refresh_minutes as pages load (a navigation,
or any message from a page but "clear"). The list and its time live in cache M, which outlives versions; signing out clears it.
Fingerprinted files: cache-first in S. -#}
importScripts({{ outbox|tojson }});{#- the outbox: forms sent offline wait on the phone (templates/pwa/sw-outbox.js) #}
const S="s-{{ version }}",P="p-{{ version }}",M="m",O={{ offline|tojson }},Q={ignoreVary:!0},X="x-stored-at",D=Date.now,H={"Content-Type":"text/html"},
A={{ max_days }}*864e5,T=RegExp({{ own|tojson }}),
bad=r=>!r||!r.ok||r.redirected||/no-store|private/.test(r.headers.get("Cache-Control")),
keep=async(k,r,b,c,a=[])=>{if(bad(r)||!/^\s*<!doctype/i.test(b=await r.text()))return;c=await caches.open(P);
await c.put(k,new Response(b,{headers:{...H,[X]:D()}}));
for(k of await c.keys())a.push([+(await c.match(k))?.headers.get(X)||0,k]);
a.sort((x,y)=>y[0]-x[0]).map(([t,k],i)=>(i>={{ max_pages }}||D()-t>A)&&c.delete(k))},
show=async(r,t,b)=>{b=(await r.text()).replace("hidden data-offline-note","data-offline-shown");
if(t)t=new Date(+r.headers.get(X)),b=b.replace("hidden data-as-of","data-as-of").replace("<time>",`<time datetime="${t.toISOString()}">`+t.toLocaleString(b.match(/<html lang="([^"]*)/)?.[1],{dateStyle:"medium",timeStyle:"short"}));
return new Response(b,{headers:H})},
page=u=>caches.match(u,{...Q,cacheName:P}).then(c=>c&&D()-c.headers.get(X)<A&&show(c,1)),
get=(u,c)=>fetch(u,{credentials:c}).then(r=>keep(u,r)).catch(()=>0),
own=async(u,f,c,o,m,n)=>{c=await caches.open(M);o=await(await c.match("l"))?.json()||{t:0,u:[]};m=u&&new URL(u).pathname.match(T);
n=m?[...new Set([m.input,m[0]])].filter(x=>!o.u.includes(x)):[];if(f||=D()-o.t>{{ refresh_minutes }}*6e4)o.t=D();
o.u=[...o.u,...n].slice(-{{ own_max }});(f||n[0])&&await c.put("l",new Response(JSON.stringify(o)));
await Promise.all([...f?{{ pages|tojson }}.map(p=>get(p,"omit")):[],...(f?o.u:n).map(p=>get(p))])},
fill=()=>caches.open(S).then(c=>c.addAll([...{{ shell|tojson }},O].map(u=>new Request(u,{credentials:"omit"}))));
let L;const q=f=>L=Promise.resolve(L).then(f).catch(()=>0);
onmessage=e=>e.waitUntil(q(e.data?.type=="clear"?()=>Promise.all([P,M].map(n=>caches.delete(n))).then(()=>Promise.all([fill(),own(0,1)])):()=>own(e.source?.url)));
oninstall=e=>e.waitUntil(fill().then(()=>q(()=>own(0,1))).then(()=>skipWaiting()));
onactivate=e=>e.waitUntil(caches.keys().then(k=>Promise.all(k.filter(n=>n!=S&&n!=P&&n!=M).map(n=>caches.delete(n)))).then(()=>clients.claim()));
onfetch=e=>{const r=e.request,u=new URL(r.url),h=r.headers,x=h.get("HX-Request");
if(r.method!="GET"||u.origin!=location.origin)return;
if(r.mode=="navigate"||h.get("HX-Boosted"))e.respondWith(fetch(r).then(n=>(e.waitUntil(keep(u.href,n.clone()).then(()=>q(()=>own(u.href)))),n),()=>page(u.href).then(c=>c||(x?Response.error():caches.match(O,{...Q,cacheName:S}).then(show)))));
else if(!x)e.respondWith(caches.match(r,{...Q,cacheName:S}).then(c=>c||fetch(r).then(n=>(/\.[0-9a-f]{10}\.\w+$/.test(u.pathname)&&!bad(n)&&e.waitUntil(caches.open(S).then(c=>c.put(r,n.clone()))),n))))};
