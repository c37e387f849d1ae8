// The outbox page: what this phone keeps to send, as the service worker tells it (templates/pwa/sw-outbox.js). Every
// word comes from the page; without JavaScript or a service worker the page says that nothing waits here.
(function(d,w){var sw=navigator.serviceWorker;
if(!sw||!sw.controller)return;
function $(s){return d.querySelector(s)}
function ask(type,id){var c=sw.controller;if(c)c.postMessage({type:type,id:id})}
function show(items){var list=$("[data-outbox-list]"),tpl=$("[data-outbox-item]"),saved=$("[data-saved]");if(!list||!tpl)return;
var kinds=JSON.parse(list.dataset.kinds),lang=d.documentElement.lang;
$("[data-outbox-empty]").hidden=items.length>0;
saved.hidden=!/[?&]tersimpan=/.test(location.search)||!items.some(function(i){return/waiting|sending/.test(i.state)});
list.replaceChildren.apply(list,items.sort(function(a,b){return b.created-a.created}).map(function(i){
var li=tpl.content.firstElementChild.cloneNode(true),path=new URL(i.url).pathname,when=new Date(i.created),
q=function(s){return li.querySelector(s)},t=q("time"),said=q("[data-said]"),answer=q("[data-answer]"),open=q("[data-open]"),
kind=kinds.filter(function(k){return RegExp(k[0]).test(path)})[0];
li.dataset.id=i.id;li.dataset.state=i.state;
q("[data-kind]").textContent=kind?kind[1]:"";q("[data-summary]").textContent=i.summary||"";
li.querySelectorAll("[data-state]").forEach(function(s){s.hidden=s.dataset.state!=i.state});
li.querySelectorAll("[data-reason]").forEach(function(s){s.hidden=i.state!="attention"||s.dataset.reason!=i.reason});
t.dateTime=when.toISOString();t.textContent=when.toLocaleString(lang,{dateStyle:"medium",timeStyle:"short"});
said.textContent=i.state=="sent"&&i.said||"";said.hidden=!said.textContent;
answer.hidden=!(i.state=="sent"&&i.answer);answer.href=i.answer||"";
open.hidden=!(i.state=="attention"&&i.page);open.href=location.pathname+"/"+i.id;
q("[data-send]").hidden=/sent|sending/.test(i.state);q("[data-delete]").hidden=i.state=="sending";
return li}))}
if(!w.outboxJs){w.outboxJs=1;
sw.addEventListener("message",function(e){var m=e.data||{};if(m.type=="outbox-list")show(m.items);else if(m.type=="outbox"&&$("[data-outbox-list]"))ask("list")});
d.addEventListener("click",function(e){var b=e.target.closest("[data-send],[data-delete],[data-answer]"),li=b&&b.closest("[data-id]");
if(!li)return;if(b.hasAttribute("data-answer"))ask("seen");else if(b.hasAttribute("data-send"))ask("send",+li.dataset.id);
else if(confirm($("[data-outbox-list]").dataset.confirm))ask("delete",+li.dataset.id)})}
ask("seen");ask("list");
})(document,window);
