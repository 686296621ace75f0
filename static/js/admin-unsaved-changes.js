/* Unsaved changes in the admin are never dropped without a word.

   - Leaving a form whose changes are not saved (a menu link, Back, closing the tab) asks
     first; saving leaves without asking. A form the server sent back (an error, a conflict)
     holds text that is not saved yet, so it asks from the start.
   - While an editor types in an add or change form, a copy of the form is kept in this
     browser (localStorage). If the tab crashes, the computer sleeps through the session or
     the page is closed anyway, opening the same form again offers to restore that text.
     The copy is dropped once the admin says the form was saved, or when the editor
     discards it, and is offered only to the editor who typed it. */
(function () {
  "use strict";
  // What changes without the editor typing anything: tokens, formset counters, list actions.
  var NOT_TYPED = /^csrfmiddlewaretoken$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|^_selected_action$|^action$|^select_across$|^index$/;
  var KEY_PREFIX = "knotsite-unsaved:";
  var KEEP_DAYS = 14;
  var STORE_DELAY_MS = 400;

  function entries(form) {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (!NOT_TYPED.test(name) && typeof value === "string") {
        list.push([name, value]);
      }
    });
    return list;
  }

  function snapshot(list) {
    return list
      .map(function (entry) {
        return entry[0] + "=" + entry[1];
      })
      .sort()
      .join("&");
  }

  function fileNames(form) {
    var names = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" && value.size) {
        names.push(name + ":" + value.name + ":" + value.size);
      }
    });
    return names.join("&");
  }

  // localStorage can be full, or off in a private window: the form still works without it.
  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* nothing kept; the leave warning still protects the text */
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      /* nothing to forget */
    }
  }

  // Copies belong to the editor who typed them: on a shared computer the next person to
  // sign in is not offered them (templates/admin/base_site.html says who is signed in).
  function keyFor(path) {
    var user = document.querySelector('meta[name="knotsite-user"]');
    return KEY_PREFIX + (user ? user.content : "") + ":" + path;
  }

  /* The admin says "… was added / changed successfully" on the page a save leads to (the
     list, a new add form, or the change form again), linking to what was saved when the
     editor may change it: the copies of that change form, and of a sent add form, are saved. */
  function forgetSaved() {
    if (!document.querySelector(".messagelist .success")) {
      return;
    }
    var here = window.location.pathname;
    var paths = [here, here + "add/"];
    var links = document.querySelectorAll(".messagelist .success a[href]");
    Array.prototype.forEach.call(links, function (link) {
      var path = new URL(link.href, window.location.href).pathname;
      forget(keyFor(path));
      paths.push(path.replace(/[^/]+\/change\/$/, "add/"));
    });
    paths.forEach(function (path) {
      var kept = read(keyFor(path));
      if (kept && kept.submitted) {
        forget(keyFor(path));
      }
    });
  }

  function forgetOld() {
    var oldest = Date.now() - KEEP_DAYS * 24 * 60 * 60 * 1000;
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        var kept = key.indexOf(KEY_PREFIX) === 0 && read(key);
        if (kept && !(kept.savedAt > oldest)) {
          forget(key);
        }
      });
    } catch (error) {
      /* no storage */
    }
  }

  // An autocomplete menu holds only its chosen options: keep their names to put them back.
  function chosenLabels(form) {
    var labels = {};
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        labels[select.name + "=" + option.value] = option.textContent;
      });
    });
    return labels;
  }

  function addRowFor(form, name) {
    // "questions-3-answer" on a page with rows 0-1: press the inline's "Add another" link.
    var match = /^(.+)-(\d+)-[^-]+$/.exec(name);
    var link = match && document.querySelector("#" + CSS.escape(match[1] + "-group") + " .add-row a");
    var tries = 0;
    while (link && !form.elements[name] && tries < 50) {
      link.click();
      tries += 1;
    }
  }

  function restore(form, kept) {
    kept.fields.forEach(function (entry) {
      if (!form.elements[entry[0]]) {
        addRowFor(form, entry[0]);
      }
    });
    var byName = {};
    kept.fields.forEach(function (entry) {
      (byName[entry[0]] = byName[entry[0]] || []).push(entry[1]);
    });
    Object.keys(byName).forEach(function (name) {
      var field = form.elements[name];
      if (!field) {
        return;
      }
      var values = byName[name];
      var fields = field.length !== undefined && !field.options ? field : [field];
      Array.prototype.forEach.call(fields, function (element) {
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = values.indexOf(element.value) !== -1;
        } else if (element.options) {
          values.forEach(function (value) {
            var known = Array.prototype.some.call(element.options, function (option) {
              return option.value === value;
            });
            if (!known && value) {
              var label = (kept.labels || {})[name + "=" + value] || value;
              element.add(new Option(label, value));
            }
          });
          Array.prototype.forEach.call(element.options, function (option) {
            option.selected = values.indexOf(option.value) !== -1;
          });
        } else if (element.type !== "file") {
          element.value = values[0];
        }
        element.dispatchEvent(new Event("input", { bubbles: true }));
        element.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function offer(form, kept, onDone) {
    var list = document.createElement("ul");
    list.className = "messagelist unsaved-copy";
    var item = document.createElement("li");
    item.className = "warning";
    item.setAttribute("role", "status");
    var when = new Date(kept.savedAt).toLocaleString();
    item.appendChild(
      document.createTextNode(
        "This form has changes you made on " + when + " that were not saved. "
      )
    );
    function button(label, action) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "button";
      element.textContent = label;
      element.addEventListener("click", function () {
        list.remove();
        action();
        onDone();
      });
      item.appendChild(element);
      item.appendChild(document.createTextNode(" "));
    }
    button("Restore my changes", function () {
      restore(form, kept);
    });
    button("Discard them", function () {});
    list.appendChild(item);
    form.parentNode.insertBefore(list, form);
  }

  function guard(form) {
    var key = keyFor(window.location.pathname);
    var opened = snapshot(entries(form));
    var openedFiles = fileNames(form);
    var sentBack = document.querySelector(".errornote, .errorlist") !== null;
    var submitting = false;
    var keepCopy = /_form$/.test(form.id); // add and change forms, not editable lists
    var timer = null;
    var offered = false; // a copy is offered back and the editor has not answered yet

    function changed() {
      return snapshot(entries(form)) !== opened || fileNames(form) !== openedFiles;
    }

    function store() {
      timer = null;
      if (!keepCopy) {
        return;
      }
      var fields = entries(form);
      if (snapshot(fields) === opened && !sentBack) {
        // Nothing typed here: the copy still offered stays until the editor answers (the
        // autocomplete menus announce a "change" as they start up, with nothing changed).
        if (!offered) {
          forget(key);
        }
      } else {
        write(key, {
          savedAt: Date.now(),
          fields: fields,
          labels: chosenLabels(form),
          submitted: submitting
        });
      }
    }

    function later() {
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(store, STORE_DELAY_MS);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    if (window.django && window.django.jQuery) {
      // The admin's autocomplete menus (select2) announce a choice only as a jQuery event.
      window.django.jQuery(form).on("change", later);
    }
    form.addEventListener("submit", function () {
      submitting = true;
      if (form.elements._popup) {
        // A popup closes itself on saving, with no message to say so; refused, it comes
        // back with the text (and keeps a copy again).
        forget(key);
      } else {
        store(); // kept, marked sent, until the admin says it was saved
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || (!sentBack && !changed())) {
        return;
      }
      if (timer) {
        window.clearTimeout(timer);
        store();
      }
      event.preventDefault();
      event.returnValue = ""; // older browsers show the dialog only when this is set
    });

    function offerBack(kept) {
      offered = true;
      offer(form, kept, function answered() {
        offered = false;
        store();
      });
    }

    var kept = keepCopy && read(key);
    if (sentBack) {
      // The server sent back what was just sent; that is not saved either. (A copy older
      // than that send is still offered.)
      if (kept && !kept.submitted && snapshot(kept.fields) !== opened) {
        offerBack(kept);
      } else {
        store();
      }
    } else if (kept && snapshot(kept.fields) !== opened) {
      offerBack(kept);
    } else if (kept) {
      forget(key); // the form already holds exactly that text
    }
  }

  // As soon as the page's HTML is read, which holds the admin's message: "load" waits for
  // every picture, and an editor who saved and went on before it was offered the text saved.
  document.addEventListener("DOMContentLoaded", function () {
    forgetSaved();
    forgetOld();
  });
  // After "load", when the admin's own scripts have set up their widgets.
  window.addEventListener("load", function () {
    var form = document.querySelector("#content-main form[method=post]");
    if (form) {
      guard(form);
    }
  });
})();
