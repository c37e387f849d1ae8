// Aspirasi: photos shrunk in the browser and sent with a progress bar, "use my location", copy the tracking code,
// kecamatan following the chosen kelurahan. Every page works without this file.
(function(w,d){
function $(s){return d.querySelector(s)}
function show(){d.querySelectorAll("[data-needs]").forEach(function(e){e.hidden=!navigator[e.dataset.needs]})}
show();
if(w.aspirasiJs)return;w.aspirasiJs=1;
d.addEventListener("htmx:after:settle",show);
d.addEventListener("click",function(e){
var b=e.target.closest("[data-copy]"),s;
if(b)navigator.clipboard.writeText(b.dataset.copy).then(function(){b.textContent=b.dataset.done});
b=e.target.closest("[data-locate]");
if(b){s=$("[data-locate-status]");s.textContent=b.dataset.wait;
navigator.geolocation.getCurrentPosition(function(p){$("#lat").value=p.coords.latitude.toFixed(6);$("#lng").value=p.coords.longitude.toFixed(6);s.textContent=""},
function(){s.textContent=b.dataset.fail},{enableHighAccuracy:true,timeout:2e4})}});
d.addEventListener("change",function(e){var o=e.target.id=="kelurahan_id"&&e.target.selectedOptions[0];if(o&&o.dataset.kecamatan)$("#kecamatan_id").value=o.dataset.kecamatan});
// One photo at a time (weak phones run out of memory), at most 1280 px, JPEG; anything unreadable goes as it is.
function shrink(f){return createImageBitmap(f,{imageOrientation:"from-image"}).then(function(i){
var k=Math.min(1,1280/Math.max(i.width,i.height)),c=d.createElement("canvas");c.width=Math.round(i.width*k);c.height=Math.round(i.height*k);
c.getContext("2d").drawImage(i,0,0,c.width,c.height);i.close();
return new Promise(function(r){c.toBlob(function(b){r(b?new File([b],"foto.jpg",{type:"image/jpeg"}):f)},"image/jpeg",.8)})}).catch(function(){return f})}
function replace(html){var m=new DOMParser().parseFromString(html,"text/html").querySelector("main"),o=$("main");
if(!m)return location.reload();o.innerHTML=m.innerHTML;w.htmx&&htmx.process(o);show();o.focus();scrollTo(0,0)}
d.addEventListener("submit",function(e){
var f=e.target,s=e.submitter,p=f.querySelector("input[type=file]"),files=p?[].slice.call(p.files):[],out=[],q=Promise.resolve();
if(f.id!="report-form"||!files.length||s&&(s.name||s.hasAttribute("formaction"))||!w.createImageBitmap)return;
e.preventDefault();if(s)s.disabled=true;
var bar=f.querySelector("[data-upload]"),g=bar.querySelector("progress");bar.hidden=false;
files.forEach(function(x){q=q.then(function(){return shrink(x)}).then(function(b){out.push(b)})});
q.then(function(){var fd=new FormData(f),x=new XMLHttpRequest();fd.delete(p.name);out.forEach(function(b){fd.append(p.name,b)});
x.open("POST",f.action);x.upload.onprogress=function(e){if(e.lengthComputable)g.value=e.loaded/e.total*100};
x.onload=function(){x.status<300&&x.responseURL!=f.action?location.assign(x.responseURL):replace(x.responseText)};
x.onerror=function(){HTMLFormElement.prototype.submit.call(f)};x.send(fd)})})
})(window,document);
