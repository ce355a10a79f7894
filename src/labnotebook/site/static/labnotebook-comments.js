// Comments under a note load only when the reader asks: until the button is pressed the
// page requests nothing from giscus (or anywhere else off the site).
document.addEventListener("DOMContentLoaded", () => {
  for (const section of document.querySelectorAll(".note-comments")) {
    const button = section.querySelector(".note-comments-show");
    const target = section.querySelector(".note-comments-thread");
    if (!button || !target) continue;
    button.addEventListener("click", () => {
      const script = document.createElement("script");
      script.src = section.dataset.client;
      script.async = true;
      script.crossOrigin = "anonymous";
      for (const [name, value] of Object.entries(section.dataset)) {
        if (name.startsWith("giscus")) {
          // data-giscus-repo-id on the section becomes data-repo-id on the script
          const key = name.slice("giscus".length);
          script.dataset[key.charAt(0).toLowerCase() + key.slice(1)] = value;
        }
      }
      target.classList.add("giscus");
      target.appendChild(script);
      button.hidden = true;
    }, { once: true });
  }
});
