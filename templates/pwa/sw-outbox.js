{#- The outbox part of Serambi's service worker: imported by sw.js, rendered per region by webapp/core/pwa.py with
`config` ({page, offline, login, forms: [[path pattern, side-step field]]}). Jinja comments like this one are not sent.

A POST to an allow-listed path (a module's OfflineForm) goes to the network first; only when that fails does the form,
photos included, wait in IndexedDB ("serambi-outbox", store "outbox") and the person land on the outbox page (a press
of a side-step button, such as "check for similar reports", is not kept: the offline page says why nothing happened).
flush() sends what waits, one item at a time (an in-memory lock, and the state "sending" in the database): it reads a
fresh CSRF token from the form's page, posts the stored fields with it and keeps the server's answer.
- redirected to a page other than the form: "sent", the answer being that page (and its flash message or heading);
- redirected to sign-in, or the form's page offers no form to a signed-out visitor: "attention", reason "signin";
- 5xx, 429 or no network: still "waiting", for the next try;
- anything else (the form shown again with its errors): "attention", reason "rejected", the server's HTML kept and
  served at <page>/<id>, so the person sees their own text with the server's reason, and sends it again from there.
One-time keys in the fields make any repeat create nothing twice. Triggers: a page's {type:"flush"} (app.js: each
page load and `online`), Background Sync where the browser has it, right after an item is kept, and "Send now".
States are codes, never words: the pages say them in their own language.
Item: {id, url, from, fields: [[name, string|File]], key, summary, created, state, since, done, reason, html,
answer, said, seen}. After each change every window hears {type:"outbox", waiting, sent, attention}. -#}
(C=>{
const FORMS=C.forms.map(([p,s])=>[RegExp(p),s]),ITEM=RegExp("^"+C.page+"/(\\d+)$"),STALE=3e5,MONTH=30*864e5,
path=u=>new URL(u,location).pathname,
req=r=>new Promise((ok,no)=>{r.onsuccess=()=>ok(r.result);r.onerror=()=>no(r.error)});
let db,running,again;
const store=async mode=>{
  db||=req(Object.assign(indexedDB.open("serambi-outbox",1),{onupgradeneeded:e=>e.target.result.createObjectStore("outbox",{keyPath:"id",autoIncrement:!0})})).catch(x=>{db=0;throw x});
  return (await db).transaction("outbox",mode).objectStore("outbox")},
all=async()=>req((await store("readonly")).getAll()),
get=async id=>req((await store("readonly")).get(id)),
put=async i=>req((await store("readwrite")).put(i)),
drop=async id=>req((await store("readwrite")).delete(id)),
change=async(id,f)=>{const s=await store("readwrite"),i=await req(s.get(id));if(i&&f(i)!==!1)await req(s.put(i))},
tell=async to=>{const a=await all(),n=s=>a.filter(i=>i.state==s&&!i.seen).length,
  m={type:"outbox",waiting:n("waiting")+n("sending"),sent:n("sent"),attention:n("attention")};
  for(const c of to?[to]:await clients.matchAll({type:"window",includeUncontrolled:!0}))c.postMessage(m)},
{#- Earlier unsent copies of the same form (same one-time key) give way to a new one, or go once it got through. #}
forget=async k=>{const s=await store("readwrite");if(k)for(const i of await req(s.getAll()))if(i.key==k&&i.state!="sent"&&i.state!="sending")s.delete(i.id)},
text=h=>(h||"").replace(/<[^>]*>/g,"").replace(/&(?:#(\d+)|(amp|lt|gt|quot));/g,(_,n,e)=>n?String.fromCharCode(n):{amp:"&",lt:"<",gt:">",quot:'"'}[e]).replace(/\s+/g," ").trim(),
grab=(h,re)=>(h.match(re)||[])[1],
signin=r=>r.redirected&&path(r.url)==C.login,
{#- The next item to send, marked "sending" in the same transaction (or one a stopped worker left sending long ago). #}
claim=async tried=>{const s=await store("readwrite"),t=Date.now(),
  i=(await req(s.getAll())).find(i=>!tried.has(i.id)&&(i.state=="waiting"||i.state=="sending"&&t-i.since>STALE));
  if(i){tried.add(i.id);i.state="sending";i.since=t;await req(s.put(i))}return i},
{#- One item: false when the network (or the server) is not there, so the rest waits for the next try. A form page
without a token is not offered to this visitor now: signed out (layout.html's data-private), or no longer open. #}
send=async i=>{let r,h,token,posted;
  try{r=await fetch(i.from,{credentials:"include"});h=await r.text();
    if(token=r.ok&&!signin(r)&&grab(h,/name="csrf_token"[^>]*value="([^"]+)"/)){
      const f=new FormData();
      i.summary||=text(grab(h,/<title>([^<]*)/)).split(" · ")[0];
      for(const [n,v] of i.fields)f.append(n,n=="csrf_token"?token:v);
      r=await fetch(i.url,{method:"POST",body:f,credentials:"include",referrer:i.from});h=await r.text();posted=1}
    if(r.status>=500||r.status==429)throw r.status}
  catch(x){i.state="waiting";await put(i);return!1}
  if(signin(r)||!posted&&r.ok&&/data-private="false"/.test(h))Object.assign(i,{state:"attention",reason:"signin"});
  else if(posted&&r.redirected&&path(r.url)!=path(i.url))Object.assign(i,{state:"sent",answer:r.url,fields:null,
    said:text(grab(h,/<p class="flash[^>]*>([\s\S]*?)<\/p>/)||grab(h,/<h1[^>]*>([\s\S]*?)<\/h1>/))});
  else Object.assign(i,{state:"attention",reason:"rejected",html:h});
  i.done=Date.now();await put(i);return!0},
{#- Resolves to true when something is left waiting because the network failed (Background Sync then tries again). #}
flush=()=>{if(running){again=1;return running}
  return running=(async()=>{let left,i;
    for(i of await all())if(i.seen&&Date.now()-i.done>MONTH)await drop(i.id);
    do{again=left=0;const tried=new Set();
      while(i=await claim(tried)){await tell();if(!await send(i)){left=1;break}await tell()}}while(again);
    return left})().finally(()=>(running=null,tell()))},
hold=async(r,side)=>{const f=await r.formData(),t=Date.now();
  if(side&&f.has(side))return(await caches.match(C.offline,{ignoreVary:!0}))||Response.error();
  let from=r.referrer||r.url,m=path(from).match(ITEM);
  if(m)from=(await get(+m[1]))?.from||r.url;{# sent again from the outbox's copy of a refused form #}
  const key=f.get("idempotency_key"),to=C.page+"?tersimpan=1";
  await forget(key);
  await put({url:r.url,from,fields:[...f],key,created:t,state:"waiting",
    summary:text(["title","description","cover_note"].map(n=>f.get(n)).find(v=>typeof v=="string"&&v.trim())).slice(0,120)});
  registration.sync?.register("outbox").catch(()=>0);
  return r.headers.get("HX-Request")?new Response(null,{headers:{"HX-Redirect":to}}):Response.redirect(to,303)},
post=async(e,side)=>{const r=e.request,copy=r.clone();let n;
  try{n=await fetch(r)}catch(x){const k=hold(copy,side);e.waitUntil(k.then(()=>tell()).then(flush).catch(()=>0));return k}
  if(n.type=="opaqueredirect"||n.redirected)
    e.waitUntil(all().then(a=>a.some(i=>i.state!="sent")&&copy.formData().then(f=>forget(f.get("idempotency_key"))).then(()=>tell())).catch(()=>0));
  return n};

addEventListener("fetch",e=>{const r=e.request,u=new URL(r.url),p=u.pathname;let form,m;
  if(u.origin!=location.origin)return;
  if(r.method=="POST"&&(form=FORMS.find(([re])=>re.test(p)))){e.stopImmediatePropagation();e.respondWith(post(e,form[1]))}
  else if(r.method=="GET"&&(p==C.page||(m=p.match(ITEM)))){e.stopImmediatePropagation();
    e.respondWith(m?get(+m[1]).then(i=>i&&i.html?new Response(i.html,{headers:{"Content-Type":"text/html; charset=utf-8"}}):fetch(r))
      :fetch(r).catch(()=>caches.match(C.page,{ignoreSearch:!0,ignoreVary:!0}).then(c=>c?new Response(c.body,c):Response.error())))}});
{#- A page's "flush" (a page load, or the phone back online) tries again once a few seconds after a network failure:
the connection often comes back in steps (the first requests after `online` may still fail). #}
addEventListener("message",e=>{const m=e.data||{},id=+m.id,to=e.source,go={
  flush:()=>flush().then(left=>left&&new Promise(ok=>setTimeout(ok,3e3)).then(flush)),
  count:()=>tell(to),
  list:()=>all().then(a=>to.postMessage({type:"outbox-list",items:a.map(({fields,html,...i})=>({...i,page:!!html}))})),
  send:()=>change(id,i=>i.state!="sent"&&i.state!="sending"&&(i.state="waiting",i.reason=null,!0)).then(flush),
  delete:()=>drop(id).then(()=>tell()),
  seen:()=>all().then(a=>Promise.all(a.filter(i=>i.state=="sent"&&!i.seen).map(i=>put({...i,seen:1})))).then(()=>tell())}[m.type];
  if(go)e.waitUntil(go())});
addEventListener("sync",e=>{if(e.tag=="outbox")e.waitUntil(flush().then(left=>{if(left)throw Error("still offline")}))});
})({{ config|tojson }});
