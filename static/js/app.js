// Serambi: service worker, offline note, real navigation when an htmx request fails. Everything works without this file.
(function(d,n){var w=n.serviceWorker,s;
function note(){var e=d.querySelector("[data-offline-note]");if(e)e.hidden=n.onLine}
addEventListener("online",note);addEventListener("offline",note);d.addEventListener("htmx:after:settle",note);note();
d.addEventListener("htmx:error",function(e){var c=e.detail.ctx,t=c&&c.sourceElement;if(t&&t.closest("a[href],form")&&c.request.method=="GET")location.href=c.request.action});
if(!w)return;addEventListener("load",function(){w.register("/sw.js",{scope:"/"})});
try{s=localStorage}catch(e){return}
if(d.body.dataset.private=="true")s.setItem("sp",1);
else if(s.getItem("sp")){s.removeItem("sp");w.ready.then(function(r){r.active.postMessage({type:"clear"})})}
})(document,navigator);
