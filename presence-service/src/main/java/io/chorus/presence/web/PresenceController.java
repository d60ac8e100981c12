package io.chorus.presence.web;

import io.chorus.presence.config.PresenceProperties;
import io.chorus.presence.device.DevicePresenceStore;
import io.chorus.presence.device.UserPresence;
import io.chorus.presence.subscription.PresenceSubscriptions;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Coarse presence for clients: online or not, and last seen. Which devices and where stays internal. */
@RestController
@RequestMapping("/api/presence")
class PresenceController {

    private final DevicePresenceStore store;
    private final PresenceSubscriptions subscriptions;
    private final PresenceProperties properties;

    PresenceController(DevicePresenceStore store, PresenceSubscriptions subscriptions, PresenceProperties properties) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.properties = properties;
    }

    @PostMapping("/query")
    Mono<PresenceList> query(@RequestBody UserList request) {
        return Mono.fromCallable(() -> Ids.requireAll("users", request.users(), properties.maxQueryUsers()))
                .flatMap(store::lookup)
                .map(users -> new PresenceList(users.stream().map(Coarse::of).toList()));
    }

    @GetMapping("/{user}")
    Mono<Coarse> one(@PathVariable String user) {
        return Mono.fromCallable(() -> Ids.require("user", user))
                .flatMap(id -> store.lookup(List.of(id)))
                .map(users -> Coarse.of(users.get(0)));
    }

    @PutMapping("/subscriptions")
    Mono<ResponseEntity<UserList>> subscribe(@AuthenticationPrincipal Jwt caller, @RequestBody UserList request) {
        return Mono.fromCallable(() -> Ids.requireAll("users", request.users(), properties.maxSubscriptions()))
                .flatMap(contacts -> subscriptions.replace(caller.getSubject(), contacts))
                .then(subscriptions.contacts(caller.getSubject()).sort().collectList())
                .map(contacts -> ResponseEntity.ok(new UserList(contacts)));
    }

    @GetMapping("/subscriptions")
    Mono<UserList> subscriptions(@AuthenticationPrincipal Jwt caller) {
        return subscriptions.contacts(caller.getSubject()).sort().collectList().map(UserList::new);
    }

    /** A list of user ids. */
    record UserList(List<String> users) {}

    /** Coarse presence of several users, in the order asked. */
    record PresenceList(List<Coarse> users) {}

    /** What a client may know of a user's presence. */
    record Coarse(String user, boolean online, Long lastSeen) {
        static Coarse of(UserPresence presence) {
            return new Coarse(presence.user(), presence.online(), presence.lastSeen());
        }
    }
}
