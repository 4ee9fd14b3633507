package io.poshub.ops;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /admin} is the admin page (static, in src/main/resources/static/admin), behind the ADMIN login. */
@Controller
class AdminPageController {

    @GetMapping({"/admin", "/admin/"})
    String page() {
        return "redirect:/admin/index.html";
    }
}
