package dev.plateguard.server.users;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** User management for ADMINs (route security in SecurityConfiguration). */
@RestController
class UserController {

    record NewUser(String username, String password, List<String> roles) {
    }

    record UserChange(List<String> roles, Boolean disabled, String password) {
    }

    private final UserService service;

    UserController(UserService service) {
        this.service = service;
    }

    @PostMapping("/api/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserAccount create(@RequestBody NewUser body) {
        return service.create(body.username(), body.password(), body.roles());
    }

    @GetMapping("/api/v1/users")
    List<UserAccount> list() {
        return service.list();
    }

    @PatchMapping("/api/v1/users/{id}")
    UserAccount update(@PathVariable long id, @RequestBody UserChange body) {
        return service.update(id, body.roles(), body.disabled(), body.password());
    }
}
