// Serambi: the "Copy link" button beside a read-only link field. Without this file (or without a clipboard,
// which needs https) the button stays hidden and the field is there to select and copy by hand.
(function(d){function show(){d.querySelectorAll("[data-copy]").forEach(function(b){b.hidden=!navigator.clipboard})}
d.addEventListener("click",function(e){var b=e.target.closest("[data-copy]");if(!b||!navigator.clipboard)return;
navigator.clipboard.writeText(d.getElementById(b.dataset.copy).value).then(function(){b.textContent=b.dataset.done})});
d.addEventListener("htmx:after:settle",show);show()})(document);
