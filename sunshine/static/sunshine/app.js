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
  box.textContent = status >= 500 ? "服务器出错，请稍后再试（" + status + "）" : "请求未完成（" + status + "）";
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
