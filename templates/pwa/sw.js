// Serambi service worker {{ version }}: pages network-first (never private ones or htmx fragments), fingerprinted files cache-first.
const S="s-{{ version }}",P="p-{{ version }}",O={{ offline|tojson }},Q={ignoreVary:!0},
bad=r=>!r||!r.ok||r.redirected||/no-store|private/.test(r.headers.get("Cache-Control")),
keep=async(k,r)=>{if(!bad(r)&&/^\s*<!doctype/i.test(await r.clone().text()))await(await caches.open(P)).put(k,r)},
fill=()=>caches.open(S).then(c=>c.addAll([...{{ shell|tojson }},new Request(O,{credentials:"omit"})])),
warm=()=>Promise.all({{ pages|tojson }}.map(u=>fetch(u,{credentials:"omit"}).then(r=>keep(u,r)).catch(()=>0)));
onmessage=e=>{e.data&&e.data.type=="clear"&&e.waitUntil(caches.delete(P).then(()=>Promise.all([fill(),warm()])))};
oninstall=e=>e.waitUntil(fill().then(warm).then(()=>skipWaiting()));
onactivate=e=>e.waitUntil(caches.keys().then(k=>Promise.all(k.filter(n=>n!=S&&n!=P).map(n=>caches.delete(n)))).then(()=>clients.claim()));
onfetch=e=>{const r=e.request,u=new URL(r.url),h=r.headers,x=h.get("HX-Request");
if(r.method!="GET"||u.origin!=location.origin)return;
if(r.mode=="navigate"||h.get("HX-Boosted"))e.respondWith(fetch(r).then(n=>(e.waitUntil(keep(u.href,n.clone())),n),()=>caches.match(u.href,{...Q,cacheName:P}).then(c=>c||(x?Response.error():caches.match(O,{...Q,cacheName:S})))));
else if(!x)e.respondWith(caches.match(r,{...Q,cacheName:S}).then(c=>c||fetch(r).then(n=>(/\.[0-9a-f]{10}\.\w+$/.test(u.pathname)&&!bad(n)&&e.waitUntil(caches.open(S).then(c=>c.put(r,n.clone()))),n))))};
