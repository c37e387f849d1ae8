// Serambi: service worker, offline note, outbox badge, htmx fallback and CSRF header. Works without it too.
(function(d,n){var w=n.serviceWorker,m={},s;
function note(){var e=d.querySelector("[data-offline-note]"),t=0;if(e)e.hidden=n.onLine;
d.querySelectorAll("[data-o]").forEach(function(e){var c=m[e.dataset.o]|0;t+=c;e.hidden=!c;e.querySelector("b").textContent=c});
if(e=d.querySelector("[data-outbox]"))e.hidden=!t}
addEventListener("online",note);addEventListener("offline",note);d.addEventListener("htmx:after:settle",note);note();
d.addEventListener("htmx:error",function(e){var c=e.detail.ctx,t=c&&c.sourceElement;if(t&&t.matches("a[href],form")&&c.request.method=="GET")location.href=c.request.action});
// A state-changing htmx request carries the CSRF token in X-CSRFToken: its form's, else the page's <meta name="csrf-token">.
d.addEventListener("htmx:config:request",function(e){var c=e.detail.ctx,r=c.request,s=c.sourceElement,f=r.form||s.form||s.closest&&s.closest("form"),t;
if(/^(GET|HEAD)$/i.test(r.method))return;t=f&&f.elements.namedItem("csrf_token")||d.querySelector('meta[name="csrf-token"]');if(t)r.headers["X-CSRFToken"]=t.value||t.content});
if(!w)return;addEventListener("load",function(){w.register("/sw.js")});
function send(){w.controller&&w.controller.postMessage({type:"flush"})}
addEventListener("online",send);send();
w.addEventListener("message",function(e){if(e.data.type=="outbox"){m=e.data;note()}});
try{s=localStorage}catch(e){return}
if(d.body.dataset.private=="true")s.setItem("sp",1);
else if(s.getItem("sp")){s.removeItem("sp");w.ready.then(function(r){r.active.postMessage({type:"clear"})})}
})(document,navigator);
