package io.callcenter.crm.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The live feed for other clients (softphone plugins, wallboards): STOMP over a plain WebSocket at
 * {@code /ws}, authenticated on the upgrade request (HTTP Basic or the console's session); the STOMP
 * user is the login name. Each node's broker delivers to the users connected to it; call events reach
 * every node through Redis.
 */
@Configuration
@EnableWebSocketMessageBroker
class LiveFeedConfiguration implements WebSocketMessageBrokerConfigurer {

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.enableSimpleBroker("/queue", "/topic");
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
    }
}
