// Small behaviours of the staff UI; everything works without it, htmx adds partial updates.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("htmx-error");
  if (!box) {
    box = document.createElement("div");
    box.id = "htmx-error";
    box.className = "msg msg-error";
    box.setAttribute("role", "alert");
    var main = document.getElementById("main");
    if (main) main.prepend(box);
  }
  var status = event.detail.xhr.status;
  // The messages come translated from the page (data-msg-* on <body>), so this file has none.
  var data = document.body.dataset;
  box.textContent = (status >= 500 ? data.msgServerError : data.msgRequestFailed) + " (" + status + ")";
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
